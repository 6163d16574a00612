"""The demo's test cases: a golden set a support team would trust, and an inbox that shows every problem the
Health view finds."""

from typing import Any

Case = tuple[str, dict[str, Any], dict[str, Any]]


def _billing(name: str, question: str, tier: str, answer: str) -> Case:
    return name, {"Question": question, "Customer tier": tier}, {"Expected answer": answer}


# support-chatbot's golden dataset: billing questions as customers ask them, the tier they are on, and the answer a
# support lead signed off.
BILLING: list[Case] = [
    _billing(
        "Change card",
        "How do I change the card on file?",
        "Pro",
        "Settings → Billing → Payment method, then “Replace card”. It is charged from the next invoice.",
    ),
    _billing(
        "Refund after downgrade",
        "I downgraded yesterday. Do I get money back for this month?",
        "Team",
        "No refund for the current month; the lower price starts with the next billing period.",
    ),
    _billing(
        "Invoice address",
        "Can you put our VAT number and company address on the invoice?",
        "Enterprise",
        "Yes: add them under Settings → Billing → Invoice details. Past invoices can be regenerated once.",
    ),
    _billing(
        "Annual discount",
        "Is there a discount if we pay for a year up front?",
        "Team",
        "Yes, annual billing costs the price of ten months. Switch under Settings → Billing → Plan.",
    ),
    _billing(
        "Failed payment",
        "My payment failed, will my account be locked?",
        "Pro",
        "Not straight away: we retry three times over seven days and email you each time.",
    ),
    _billing(
        "Currency",
        "Can I be billed in euros instead of dollars?",
        "Pro",
        "Yes, EUR and GBP are available. Change the currency before the next invoice is issued.",
    ),
    _billing(
        "Seats mid-cycle",
        "We added five seats in the middle of the month. How are they billed?",
        "Team",
        "Each new seat is charged pro rata for the days left in the period, on the next invoice.",
    ),
    _billing(
        "Free plan limits",
        "What happens when we go over the free plan's limit?",
        "Free",
        "Nothing is charged: new items wait until the next month or until you upgrade.",
    ),
    _billing(
        "Cancel subscription",
        "How do I cancel and will I lose my data?",
        "Pro",
        "Settings → Billing → Cancel plan. Your data stays available to export for 30 days.",
    ),
    _billing(
        "Receipt copy",
        "Where can I download a receipt for last March?",
        "Free",
        "Every receipt is under Settings → Billing → History, as a PDF.",
    ),
    _billing(
        "Purchase order",
        "Our finance team needs to pay by purchase order. Is that possible?",
        "Enterprise",
        "Yes, for annual Enterprise plans. Your account manager sends the order form.",
    ),
    _billing(
        "Tax exemption",
        "We are a registered charity. Can we be exempt from sales tax?",
        "Team",
        "Send the exemption certificate to billing@example.com; it applies from the next invoice.",
    ),
    _billing(
        "Double charge",
        "I was charged twice this month.",
        "Pro",
        "The second charge is a pending authorisation that drops within five working days. If not, we refund it.",
    ),
    _billing(
        "Trial end",
        "What happens when the trial ends?",
        "Free",
        "You move to the free plan unless you add a card; nothing is charged without your consent.",
    ),
    _billing(
        "Upgrade price",
        "If I upgrade today, what do I pay?",
        "Free",
        "Only the days left in this period at the new price; the full price starts next period.",
    ),
    _billing(
        "Invoice email",
        "Can invoices go to our accounts mailbox instead of me?",
        "Team",
        "Yes, add the address under Settings → Billing → Invoice recipients. Several can receive them.",
    ),
    _billing(
        "Payment methods",
        "Do you take bank transfers?",
        "Enterprise",
        "Yes, by SEPA or ACH for annual plans; cards for monthly ones.",
    ),
    _billing(
        "Price increase",
        "Will my price go up when you change your prices?",
        "Pro",
        "Existing subscriptions keep their price for 12 months after any change, and we tell you 30 days ahead.",
    ),
    _billing(
        "Student pricing",
        "Is there a discount for students?",
        "Free",
        "Yes, 50% with a school email address; apply from Settings → Billing → Discounts.",
    ),
    _billing(
        "Unused seats",
        "Can I get a credit for seats nobody uses?",
        "Team",
        "Remove them under Settings → Members; the credit is applied to the next invoice.",
    ),
    _billing(
        "Billing owner",
        "The person who set up billing left. How do we take it over?",
        "Enterprise",
        "Any admin can become billing owner under Settings → Billing → Owner; we confirm by email.",
    ),
    _billing(
        "Card declined abroad",
        "My card works at home but is declined when I travel.",
        "Pro",
        "Ask your bank to allow online payments abroad, or add a second card as a backup.",
    ),
    _billing(
        "Overage alerts",
        "Can we be warned before we go over our plan?",
        "Team",
        "Yes: Settings → Billing → Alerts emails admins at 80% and 100% of the plan's limits.",
    ),
    _billing(
        "Delete card",
        "How do I remove my card completely?",
        "Free",
        "Settings → Billing → Payment method → Remove. A paid plan needs a card, so downgrade first.",
    ),
]


def _inbox(name: str, question: str, answer: str | None = "Yes", **inputs: Any) -> Case:
    return name, {"question": question, **inputs}, ({"answer": answer} if answer is not None else {})


# support-chatbot's inbox, before anyone cleaned it up: every problem the Health view finds, at least once.
INBOX: list[Case] = [
    _inbox("Money back", "Can I get my money back after thirty days", "Only within 30 days of the first payment."),
    _inbox("Annual invoices", "Where do invoices for the annual plan go", "To the billing owner's email."),
    _inbox("Login loop", "Why does the login page keep asking me to verify", "Clear cookies, then sign in again."),
    _inbox("Shipping countries", "Which countries do you ship furniture to", "The EU, the UK and Switzerland."),
    _inbox("Warranty transfer", "Is the warranty transferable when I sell it", "Yes, with the original receipt."),
    _inbox("German receipts", "How are taxes shown on receipts for Germany", "As 19% VAT on its own line."),
    _inbox("Data after cancel", "What happens to my data once I cancel", "It is kept 30 days, then deleted."),
    _inbox("Upgrade rights", "Who can upgrade a team from free to pro", "Admins and the billing owner."),
    _inbox("Sofa stock", "When will the blue sofa be back in stock", "In about three weeks."),
    _inbox("Offline app", "Does the mobile app work offline on planes", "Yes, for documents opened before."),
    _inbox("Shared seat", "Can two people share one seat licence", "No, each person needs a seat."),
    _inbox("Upload limit", "What is the limit for file uploads today", "250 MB per file."),
    *[_inbox("Refund window", "How long is the refund window", "30 days.") for _ in range(3)],  # exact repeats
    _inbox("Invoice yes", "Can I pay by invoice", "Yes, on annual plans."),  # a contradiction
    _inbox("Invoice no", "Can I pay by invoice", "No, only by card."),
    _inbox("Reset password", "How do I reset my password?", "Use the link on the sign-in page."),  # a near repeat
    _inbox("Reset password again", "how do I reset my password", "Use the link on the sign-in page."),
    _inbox("Gift cards", "Do you sell gift cards", None),  # no expected output
    ("Phone line", {"questoin": "Do you have a phone line"}, {"answer": "No, chat and email only."}),  # misspelt key
    _inbox("Opening hours", "What are your opening hours", "9 to 5, Monday to Friday.", context="   "),  # empty value
    _inbox("Pasted manual", "Please read this manual and tell me what it says. " * 40, "Summarise it."),  # far too long
]
