"""Scoring: a submission graded against the answers (grade), its rank on the leaderboard (leaderboard, medals),
partial credit, and the caps a submission must fit (submission_limits)."""
