"""Realistic demo data, written once into an empty database so a first run has something to show."""

from datetime import UTC, datetime, timedelta

from sandbox.contract import timestamp
from sandbox.demo_cases import BILLING, INBOX, Case
from sandbox.store import Store

SEED_FLAG = "demo-seeded"

# slug, display name, [(dataset name, description, golden, [(test case name, inputs, expected outputs)])]
PIPELINES: list[tuple[str, str, list[tuple[str, str | None, bool, list[Case]]]]] = [
    (
        "email-summarizer",
        "Email Summarizer",
        [
            (
                "Customer escalations",
                "Long threads from enterprise customers where tone and next steps matter.",
                True,
                [
                    (
                        "Refund request after outage",
                        {"thread": "Hi team, our dashboards were down for 4 hours yesterday..."},
                        {"summary": "Customer asks for a refund for a 4-hour outage."},
                    ),
                    (
                        "Renewal negotiation",
                        {"thread": "We'd like to renew but need a 10% discount..."},
                        {"summary": "Customer will renew with a 10% discount."},
                    ),
                ],
            ),
            (
                "Newsletters",
                "Marketing newsletters that should summarise to one line.",
                False,
                [
                    (
                        "Spring sale",
                        {"thread": "Our spring sale starts Monday: 20% off every annual plan until the 31st."},
                        {"summary": "20% off annual plans until the 31st."},
                    ),
                    (
                        "Product update",
                        {"thread": "This month: dark mode, faster search, and exports to Excel."},
                        {"summary": "Dark mode, faster search and Excel exports."},
                    ),
                ],
            ),
            ("Edge cases", None, False, []),
        ],
    ),
    (
        "support-chatbot",
        "Support Chatbot",
        [
            (
                "Billing questions",
                "Real questions from the billing queue, anonymised, each answer signed off by the support lead.",
                True,
                BILLING,
            ),
            (
                "Inbox, not yet reviewed",
                "This week's questions from the support inbox, before anyone cleaned them up.",
                False,
                INBOX,
            ),
            ("Password resets", "Account access questions.", False, []),
        ],
    ),
    (
        "contract-review",
        "Contract Review",
        [
            (
                "NDA clauses",
                "Mutual and one-way NDAs with tricky termination clauses.",
                True,
                [
                    (
                        "Perpetual confidentiality",
                        {"clause": "Obligations survive indefinitely."},
                        {"risk": "high"},
                    ),
                    (
                        "Two-year term",
                        {"clause": "This agreement ends two years after the date it is signed."},
                        {"risk": "low"},
                    ),
                    (
                        "One-way disclosure",
                        {"clause": "Only the Discloser's information is protected; the Recipient's is not."},
                        {"risk": "medium"},
                    ),
                ],
            ),
            ("MSA redlines", "Master services agreements with customer redlines.", False, []),
        ],
    ),
    (
        "meeting-notes",
        "Meeting Notes",
        [("Weekly syncs", "Transcripts of 30-minute team syncs.", False, [])],
    ),
    (
        "sql-assistant",
        "SQL Assistant",
        [
            (
                "Analytics questions",
                "Natural-language questions over the sales warehouse.",
                True,
                [
                    (
                        "Revenue by region",
                        {"question": "What was revenue by region last quarter?"},
                        {"sql": "SELECT region, SUM(amount) FROM sales WHERE quarter = 'last' GROUP BY region"},
                    ),
                    (
                        "Top customers",
                        {"question": "Who are our ten biggest customers this year?"},
                        {"sql": "SELECT customer, SUM(amount) AS total FROM sales GROUP BY 1 ORDER BY 2 DESC LIMIT 10"},
                    ),
                ],
            ),
            ("Schema edge cases", "Questions that need joins across 3+ tables.", False, []),
        ],
    ),
]


def seed_demo_data(store: Store) -> bool:
    """Seeds an empty database once; returns whether it seeded. Safe against concurrent starts."""
    start = datetime.now(UTC) - timedelta(days=30)
    with store.write() as db:
        if not store.claim_flag(db, SEED_FLAG):
            return False
        if db.execute("SELECT 1 FROM pipelines LIMIT 1").fetchone():
            return False
        tick = 0

        def at() -> str:
            nonlocal tick
            tick += 1
            return timestamp(start + timedelta(hours=9 * tick))  # the last of about 75 items a day or two ago

        for slug, display_name, datasets in PIPELINES:
            pipeline_id = store.insert_pipeline(db, slug, display_name, None, now=at())
            assert pipeline_id is not None
            for name, description, golden, cases in datasets:
                dataset_id = store.insert_dataset(db, pipeline_id, name, description, golden, now=at())
                dataset = {"id": dataset_id, "pipelineId": pipeline_id}
                for case_name, inputs, expected in cases:
                    store.insert_test_case(db, dataset, case_name, inputs, expected, now=at())
    return True


def reset_demo_data(store: Store) -> None:
    """Back to the seed: every pipeline, dataset and test case goes, then the demo data is written again."""
    with store.write() as db:
        for table in ("test_cases", "datasets", "pipelines"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
        db.execute("DELETE FROM meta WHERE key = ?", (SEED_FLAG,))
    seed_demo_data(store)
