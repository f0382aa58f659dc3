package provider

// The spkey_lock_resident list resource, for terraform query (Terraform
// 1.14+): the residents of the locks lock_ids names, one residents read
// per lock, concurrently. Ids that do not exist are skipped.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var _ list.ListResourceWithConfigure = (*lockResidentList)(nil)

// NewLockResidentList is the spkey_lock_resident list resource.
func NewLockResidentList() list.ListResource { return &lockResidentList{} }

type lockResidentList struct {
	client *client.Client
}

func (l *lockResidentList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = lockResidentType
}

func (l *lockResidentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds the residents of locks for `spkey_lock_resident` by reading `residents` for each lock id " +
			"of `lock_ids` (Terraform 1.14+ `terraform query`): one request per lock. Ids that do not exist are skipped.",
		Attributes: map[string]listschema.Attribute{
			"lock_ids": lockIDsQueryAttribute(),
			"user_id": listschema.StringAttribute{
				MarkdownDescription: "Only this user's entries (a user id, a UUID in any case). Unset: every resident.",
				Optional:            true,
				Validators:          []validator.String{userIDValidator{}},
			},
		},
	}
}

func (l *lockResidentList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "list resource "+lockResidentType)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		l.client = data.client
	}
}

func (l *lockResidentList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var userID types.String
	ids, diags := queryLockIDs(ctx, req)
	diags.Append(req.Config.GetAttribute(ctx, path.Root("user_id"), &userID)...)
	if !diags.HasError() && l.client == nil {
		diags.Append(listNotConfiguredDiag(lockResidentType))
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listPerLock(ctx, l.client, opReadResidents, ids, req.Limit, l.client.Residents,
		func(lockID int64, residents []client.Resident) []list.ListResult {
			var out []list.ListResult
			for i := range residents {
				if userID.IsNull() || sameUUID(residents[i].UserID, userID.ValueString()) {
					out = append(out, l.result(ctx, req, lockID, &residents[i]))
				}
			}
			return out
		})
}

// result is one resident: its identity, a display name and, when
// Terraform asks for it (include_resource, -generate-config-out), the
// resource object as an import would record it.
func (l *lockResidentList) result(ctx context.Context, req list.ListRequest, lockID int64, r *client.Resident) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = fmt.Sprintf("lock %d: %s (user %s)", lockID, serverWord(l.client.Redact(r.Name)), serverWord(strings.ToLower(r.UserID)))
	m := lockResidentModel{LockID: lockIDValue(lockID), UserID: uuidValueOf(strings.ToLower(r.UserID)), Name: types.StringValue(r.Name)}
	res.Diagnostics.Append(setIdentity(ctx, res.Identity, m.identity())...)
	if !req.IncludeResource {
		return res
	}
	m.record(r)
	for name, v := range map[string]any{"id": residentID(lockID, r.UserID), "lock_id": m.LockID, "user_id": m.UserID,
		"name": m.Name, "email": m.Email, "has_phone": m.HasPhone} {
		res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root(name), v)...)
	}
	return res
}
