package client

import (
	"context"
	"net/http"
	"net/url"
)

// User look-up. GET /users/by-email and /users/by-phone are find-or-create
// by default: a miss creates a user. The client only ever looks up: it
// always sends searchOnly=true, so a miss is a 404 (ErrNotFound) and
// nothing is created.

// User is the answer of a user look-up.
type User struct {
	ID string
	// Email and PhoneNumber are nil when the user has none.
	Email       *string
	PhoneNumber *string
	CreatedAt   string
}

var (
	userByEmail = endpoint[*User]{method: http.MethodGet, path: "/users/by-email", shared: true,
		notFound: lookupNotFound, decode: decodeUser}
	userByPhone = endpoint[*User]{method: http.MethodGet, path: "/users/by-phone", shared: true,
		notFound: lookupNotFound, decode: decodeUser}
)

// UserByEmail looks a user up by email address; it never creates one.
func (c *Client) UserByEmail(ctx context.Context, email string) (*User, error) {
	return call(ctx, c, userByEmail, target{query: url.Values{"email": {email}, "searchOnly": {"true"}}}, nil)
}

// UserByPhone looks a user up by phone number in international form
// ("+48123456789"); it never creates one.
func (c *Client) UserByPhone(ctx context.Context, phone string) (*User, error) {
	return call(ctx, c, userByPhone, target{query: url.Values{"phoneNumber": {phone}, "searchOnly": {"true"}}}, nil)
}

type userWire struct {
	verdict
	UUID        *string `json:"uuid"`
	Email       *string `json:"email"`
	PhoneNumber *string `json:"phoneNumber"`
	CreatedAt   *string `json:"created_at"`
}

func decodeUser(body []byte, _ target) (*User, error) {
	var w userWire
	if err := strictUnmarshal(body, &w); err != nil {
		return nil, err
	}
	if err := requireFields(field{"uuid", w.UUID != nil}, field{"created_at", w.CreatedAt != nil}); err != nil {
		return nil, err
	}
	return &User{ID: *w.UUID, Email: w.Email, PhoneNumber: w.PhoneNumber, CreatedAt: *w.CreatedAt}, nil
}
