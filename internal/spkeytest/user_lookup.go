package spkeytest

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

// phoneProblem is what a malformed phone number gets told.
const phoneProblem = `the phone number must be in international form, starting with "+" or "00", such as +48123456789`

// userByEmail serves GET /users/by-email?email=..&searchOnly=..&uuid=..:
// find-or-create, or find only with searchOnly=true.
func (s *Server) userByEmail(c *call) answer {
	q := c.r.URL.Query()
	searchOnly, wantID, problem := lookupParams(q)
	email := q.Get("email")
	switch {
	case problem != "":
	case email == "":
		problem = "email is required"
	case !isEmail(email):
		problem = "email must be an address such as user@example.com"
	}
	if problem != "" {
		return lookupError(http.StatusBadRequest, problem)
	}
	u, err := s.store.findOrCreateUser(func() *userRecord { return s.store.userByEmailLocked(email) },
		User{ID: wantID, Email: email}, searchOnly)
	if err != nil {
		return lookupFailure(err, "email address")
	}
	return jsonAnswer(http.StatusOK, map[string]any{"uuid": u.ID, "email": u.Email, "created_at": createdAt(u)})
}

// userByPhone serves GET /users/by-phone?phoneNumber=..&email=..&
// searchOnly=..&uuid=..: as userByEmail, by phone number; email is set on
// a user it creates.
func (s *Server) userByPhone(c *call) answer {
	q := c.r.URL.Query()
	searchOnly, wantID, problem := lookupParams(q)
	raw, email := q.Get("phoneNumber"), q.Get("email")
	phone, phoneOK := normalizePhone(raw)
	switch {
	case problem != "":
	case raw == "":
		problem = "phoneNumber is required"
	case !phoneOK:
		// A "+" in a query reads as a space unless it is sent as %2B.
		problem = "phoneNumber: " + phoneProblem + ` (in a query, "+" is written %2B)`
	case email != "" && !isEmail(email):
		problem = "email must be an address such as user@example.com"
	}
	if problem != "" {
		return lookupError(http.StatusBadRequest, problem)
	}
	u, err := s.store.findOrCreateUser(func() *userRecord { return s.store.userByPhoneLocked(phone) },
		User{ID: wantID, Email: email, Phone: phone}, searchOnly)
	if err != nil {
		return lookupFailure(err, "phone number")
	}
	return jsonAnswer(http.StatusOK, map[string]any{"uuid": u.ID, "email": nullable(u.Email), "phoneNumber": nullable(u.Phone), "created_at": createdAt(u)})
}

// lookupParams reads the parameters both look-ups share.
func lookupParams(q url.Values) (searchOnly bool, wantID, problem string) {
	switch q.Get("searchOnly") {
	case "", "false":
	case "true":
		searchOnly = true
	default:
		return false, "", "searchOnly must be true or false"
	}
	if wantID = q.Get("uuid"); wantID != "" {
		if !lockids.LooksLikeUUID(wantID) {
			return false, "", "uuid must be a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301"
		}
		wantID = strings.ToLower(wantID)
	}
	return searchOnly, wantID, ""
}

// lookupFailure answers a look-up that found nothing to return.
func lookupFailure(err error, what string) answer {
	switch {
	case errors.Is(err, errNoUser):
		return lookupError(http.StatusNotFound, "No user has this "+what)
	case errors.Is(err, errIDTaken):
		return lookupError(http.StatusConflict, "A user with this uuid already exists")
	default:
		// The email given to by-phone for a new user is another user's:
		// the contract is silent; two users cannot share an email.
		return lookupError(http.StatusConflict, "Another user already has this email address")
	}
}

// findOrCreateUser returns the user find finds, or creates u unless
// searchOnly (errNoUser then).
func (s *store) findOrCreateUser(find func() *userRecord, u User, searchOnly bool) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := find(); rec != nil {
		// uuid= only names a user to create: a user found keeps its id.
		return rec.User, nil
	}
	if searchOnly {
		return User{}, errNoUser
	}
	rec, err := s.createUserLocked(u)
	if err != nil {
		return User{}, err
	}
	return rec.User, nil
}

func createdAt(u User) string { return u.CreatedAt.UTC().Format(time.RFC3339Nano) }

// nullable is s, or JSON null for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// isEmail is the mock's check of an email address: something, "@",
// something, no white space. The API checks no more than that in its
// contract.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.Contains(domain, "@") && !strings.ContainsAny(s, " \t\r\n")
}

// normalizePhone puts a phone number in the form the mock stores and
// compares, "+48123456789": spaces and hyphens dropped, a leading "00"
// read as "+". ok is false without a leading "+" or "00", or with
// anything but 7 to 15 digits after it (E.164 allows at most 15).
func normalizePhone(s string) (phone string, ok bool) {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	digits, plus := strings.CutPrefix(s, "+")
	if !plus {
		if digits, ok = strings.CutPrefix(s, "00"); !ok {
			return "", false
		}
	}
	if len(digits) < 7 || len(digits) > 15 {
		return "", false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return "+" + digits, true
}
