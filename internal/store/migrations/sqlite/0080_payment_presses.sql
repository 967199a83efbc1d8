-- Many identical presses at once. "Continue to payment" pressed again and
-- again must make one GOV.UK Pay payment: each press first claims the
-- draft's next payment attempt here, and only the press that claims it
-- asks GOV.UK Pay for a payment; the others wait for that payment and send
-- the person to it. A claim not followed by a payment within a minute (a
-- node stopped mid-request) may be taken again.
CREATE TABLE payment_starts (
	draft_id   TEXT    PRIMARY KEY,
	attempt    INTEGER NOT NULL,
	claimed_at INTEGER NOT NULL
);

-- A refund form carries a key made when the case page was shown, so the
-- same form posted many times at once (or again from the back button)
-- makes one refund. Refunds made before this have none.
ALTER TABLE payment_refunds ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX payment_refunds_request ON payment_refunds (payment_id, request_key) WHERE request_key <> '';
