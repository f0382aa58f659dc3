package provider

// The list resource of spkey_lock_access, for terraform query (Terraform
// 1.14+): every grant of the users the query names, one accessible-locks
// read per user. The API has no call that lists users, so the query names
// them (user_ids); users that do not exist are skipped.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var _ list.ListResourceWithConfigure = (*lockAccessList)(nil)

// NewLockAccessList is the spkey_lock_access list resource.
func NewLockAccessList() list.ListResource { return &lockAccessList{} }

// lockAccessList finds the grants spkey_lock_access could import.
type lockAccessList struct {
	client *client.Client
}

type lockAccessListConfig struct {
	UserIDs []string    `tfsdk:"user_ids"`
	LockID  types.Int64 `tfsdk:"lock_id"`
}

func (l *lockAccessList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockAccessType
}

func (l *lockAccessList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the grants of the users `user_ids` names by reading each one's accessible locks " +
			"(Terraform 1.14+ `terraform query`), one result per grant. Users that do not exist are skipped.",
		Attributes: map[string]listschema.Attribute{
			"user_ids": listschema.ListAttribute{
				MarkdownDescription: "Ids (UUIDs) of the users whose grants to find, at least one; one `accessible-locks` read each.",
				ElementType:         types.StringType,
				Required:            true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(userIDValidator{}),
				},
			},
			"lock_id": listschema.Int64Attribute{
				MarkdownDescription: "Only the grants of this lock (its numeric id, such as `123`). Unset: every grant.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
		},
	}
}

func (l *lockAccessList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "list resource "+lockAccessType)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		l.client = data.client
	}
}

func (l *lockAccessList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg lockAccessListConfig
	diags := req.Config.Get(ctx, &cfg)
	if !diags.HasError() && l.client == nil {
		diags.Append(listNotConfiguredDiag(lockAccessType))
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	users := distinctUsers(cfg.UserIDs)
	stream.Results = func(push func(list.ListResult) bool) {
		var pushed int64
		for start := 0; start < len(users); start += listBatch {
			batch := users[start:min(start+listBatch, len(users))]
			lists, diags := l.read(ctx, batch)
			if diags.HasError() {
				push(list.ListResult{Diagnostics: diags})
				return
			}
			for i, userID := range batch {
				grants, _ := grantsFromList(lists[int64(i)])
				for _, lockID := range sortedIDs(grants) {
					if !cfg.LockID.IsNull() && lockID != cfg.LockID.ValueInt64() {
						continue
					}
					if !push(l.result(ctx, req, userID, lockID, grants[lockID])) {
						return
					}
					if pushed++; req.Limit > 0 && pushed >= req.Limit {
						return
					}
				}
			}
		}
	}
}

// distinctUsers returns the user ids in lower case, each once, in the
// order given: one user named twice would give every grant twice.
func distinctUsers(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		id = strings.ToLower(id)
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// read asks for the users' lists concurrently (see readEach: any failure
// but not-found stops the query, and a user that does not exist has no
// list). readEach's ids are the users' positions here.
func (l *lockAccessList) read(ctx context.Context, users []string) (map[int64][]client.AccessibleLock, diag.Diagnostics) {
	positions := make([]int64, len(users))
	for i := range positions {
		positions[i] = int64(i)
	}
	lists, first, err := readEach(ctx, l.client, positions, func(ctx context.Context, i int64) ([]client.AccessibleLock, error) {
		return l.client.AccessibleLocks(ctx, users[i])
	})
	if err != nil {
		return nil, diag.Diagnostics{apiErrorDiag(opQueryAccess, subject{userID: users[first]}, l.client.BaseURL(), err)}
	}
	return lists, nil
}

// result is one grant: its identity, a display name and, when Terraform
// asks for it (include_resource, -generate-config-out), the resource
// object as an import would record it.
func (l *lockAccessList) result(ctx context.Context, req list.ListRequest, userID string, lockID int64, g grantValue) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = fmt.Sprintf("user %s: lock %d %s", userID, lockID, grantText(g))
	m := lockAccessModel{UserID: uuidValueOf(userID), LockID: lockIDValue(lockID)}
	res.Diagnostics.Append(res.Identity.Set(ctx, m.identity())...)
	if !req.IncludeResource {
		return res
	}
	for name, v := range map[string]any{
		"id": accessID(userID, lockID), "user_id": m.UserID, "lock_id": m.LockID, "lock_name": g.name, "access_level": g.level,
		"granted_by": uuidValueOf(g.grantedBy), "removal_reason": defaultRemovalReason,
	} {
		res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root(name), v)...)
	}
	return res
}
