"""Gentrace's v4 API, the only HTTP code in the studio (laid out like the official SDK).

- `client`: `GentraceClient`, one object with a method per route (datasets, pipelines, test cases), retries that
  respect Retry-After, and every failure mapped to one error.
- `errors`: `GentraceError` and one class per way a call can fail, each with a plain-language message.
- `credentials`: `ApiKey`, a key that never shows itself in a repr, a log or an error.
- `types`: the API's objects (`Dataset`, `Pipeline`, `TestCase`) and the requests the app sends (`DatasetCreate`,
  `DatasetEdit`) with every rule it enforces before sending (names, descriptions, pipeline slugs and ids).
"""
