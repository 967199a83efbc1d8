-- Issue 15: open data streams a service's cases in id order, a chunk at a
-- time (keyset paging), so each chunk is an index range rather than a sort
-- of every case of the service.
CREATE INDEX cases_service_id ON cases (service_id, id);
