-- A payment GOV.UK Pay has confirmed by its id keeps that confirmation: a
-- MAC, with a key derived from the platform's secret key (held outside the
-- database), over the draft, payment id, amount, reference and status. The
-- pages after a paid fee then need not ask GOV.UK Pay on every view, and a
-- row someone writes by hand cannot carry a confirmation that checks.
ALTER TABLE payments ADD COLUMN confirmation TEXT NOT NULL DEFAULT '';
