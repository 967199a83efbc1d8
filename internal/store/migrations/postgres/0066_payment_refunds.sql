-- Refunds an officer asks GOV.UK Pay for, and the daily reconciliation's
-- reports. A refund is reserved here before GOV.UK Pay is asked:
-- payments.refunded_pence grows in the same statement that checks it stays
-- within the amount paid, so however many officers click at once no more
-- than was paid is ever asked for. available_pence is what GOV.UK Pay
-- should still hold as refundable when it is asked (its
-- refund_amount_available): a refund asked out of order is refused there
-- too, never made twice.
CREATE TABLE payment_refunds (
	id              TEXT    PRIMARY KEY,
	payment_id      TEXT    NOT NULL REFERENCES payments (payment_id),
	case_ref        TEXT    NOT NULL,
	amount_pence    BIGINT  NOT NULL,
	available_pence BIGINT  NOT NULL,
	reason          TEXT    NOT NULL,
	requested_by    TEXT    NOT NULL,
	-- requesting (reserved, GOV.UK Pay not yet answered), submitted,
	-- success, error (GOV.UK Pay failed it), refused (GOV.UK Pay said no).
	status          TEXT    NOT NULL,
	gateway_id      TEXT    NOT NULL DEFAULT '',
	problem         TEXT    NOT NULL DEFAULT '',
	created_at      BIGINT  NOT NULL,
	updated_at      BIGINT  NOT NULL
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id, created_at);
CREATE INDEX payment_refunds_status ON payment_refunds (status);
CREATE INDEX payments_case ON payments (case_ref);

-- One report per day reconciled: what GOV.UK Pay and the cases say about
-- that day's payments, kept as the job found it.
CREATE TABLE payment_reconciliations (
	day        TEXT    PRIMARY KEY,
	report     TEXT    NOT NULL,
	made_at    BIGINT  NOT NULL
);
