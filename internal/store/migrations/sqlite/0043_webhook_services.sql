-- Issue 10: an endpoint with no services used to receive the events of every
-- service; now it receives none, and "*" is the explicit choice of every
-- service. Endpoints registered before keep what their administrators chose
-- when the form said "leave empty for every service": they become "*".
UPDATE webhook_endpoints SET services = '["*"]' WHERE services = '[]';
