-- Second-factor guard and one-time secret expiry (issue 10).
-- sessions.verified_at: when this session last proved a second factor
-- (microseconds, 0 for none); changing a factor needs a recent proof.
-- users.secret_expires_at: when the account's one-time secret stops working
-- (0 when it has none). One-time secrets outstanding at this migration get
-- the default lifetime, 72 hours, from now.
ALTER TABLE sessions ADD COLUMN verified_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN secret_expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET secret_expires_at = (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT + 259200000000
	WHERE must_change_password AND password_hash <> '';
UPDATE sessions SET verified_at = created_at WHERE mfa;
