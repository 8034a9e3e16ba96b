"""After-the-fact integrity checks: a rule-violation review of each run's logs and code (`rules`), code
similarity with the competition's top public notebooks (`plagiarism`), and an audit of the public data for
leaks (`leakage`). Nothing here is imported by the runtime: these read finished runs and prepared data.
"""
