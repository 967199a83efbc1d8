package access

// Team is a group of staff that owns services (the `team` of a definition).
type Team struct {
	ID   string
	Name string
}

// Officer is a member of staff as colleagues see them: work is given to an
// Officer by id and shown by name.
type Officer struct {
	ID    string
	Name  string
	Email string
}

// TokenRefusal says why p's API token may not create or change cases of
// service serviceID ("" when the write is about no one service), in words
// meant for the client, or "" when it may. Only API clients are limited
// here: a read-only token may write nothing, and a token scoped to some
// services may write only to those. Other principals pass; Decide judges them.
func (p Principal) TokenRefusal(serviceID string) string {
	switch {
	case p.Kind != KindAPIClient:
		return ""
	case !p.Write:
		return "This API token is read-only: it cannot create or change cases"
	case serviceID != "" && !p.InScope(serviceID):
		return "This API token is not scoped to the service " + serviceID
	}
	return ""
}
