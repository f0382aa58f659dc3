package provider

// The list resource of a per-lock assignment resource, for terraform
// query (Terraform 1.14+). The API has no call that lists an
// organization's locks for a B2B caller, so the query names where to look
// (lock_ids, the fleet import's ranges syntax) and the list resource reads
// basic-info for each id: ids that do not exist are skipped, and so are
// locks without the assigned value or with another one than the filter.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var (
	_ list.ListResourceWithConfigure = (*lockAssignmentList)(nil)
)

// NewLockOwnerList is the spkey_lock_owner list resource: the locks with an
// owner, or with one owner (user_id, in any case).
func NewLockOwnerList() list.ListResource {
	return &lockAssignmentList{spec: lockOwner}
}

// NewLockOrganizationList is the spkey_lock_organization list resource.
func NewLockOrganizationList() list.ListResource {
	return &lockAssignmentList{spec: lockOrganization}
}

// lockAssignmentList finds the locks a per-lock assignment resource could
// import.
type lockAssignmentList struct {
	spec   lockAssignment
	client *client.Client
}

func (l *lockAssignmentList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.spec.typeName
}

func (l *lockAssignmentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Finds locks for `%s` by reading `basic-info` for each lock id of `lock_ids` "+
			"(Terraform 1.14+ `terraform query`). Ids that do not exist are skipped, and so are locks without %s.", l.spec.typeName, "`"+l.spec.attr+"`"),
		Attributes: map[string]listschema.Attribute{
			"lock_ids": lockIDsQueryAttribute(),
			l.spec.attr: listschema.StringAttribute{
				MarkdownDescription: "Only locks whose `basic-info` names this value. Unset: every lock that has one.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (l *lockAssignmentList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "list resource "+l.spec.typeName)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		l.client = data.client
	}
}

// lockListConfig is a list block's configuration; filter is the assigned
// attribute's value, read by its name.
type lockListConfig struct {
	lockIDs []int64
	filter  *string
}

func (l *lockAssignmentList) config(ctx context.Context, req list.ListRequest) (lockListConfig, diag.Diagnostics) {
	var filter types.String
	ids, diags := queryLockIDs(ctx, req)
	diags.Append(req.Config.GetAttribute(ctx, path.Root(l.spec.attr), &filter)...)
	if diags.HasError() {
		return lockListConfig{}, diags
	}
	return lockListConfig{lockIDs: ids, filter: filter.ValueStringPointer()}, nil
}

func (l *lockAssignmentList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cfg, diags := l.config(ctx, req)
	if !diags.HasError() && l.client == nil {
		diags.Append(listNotConfiguredDiag(l.spec.typeName))
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listPerLock(ctx, l.client, opQueryLocks, cfg.lockIDs, req.Limit, l.client.LockBasicInfo,
		func(id int64, info *client.LockInfo) []list.ListResult {
			value := l.match(info, cfg.filter)
			if value == nil {
				return nil
			}
			return []list.ListResult{l.result(ctx, req, id, *value, info)}
		})
}

// match returns the lock's assigned value when the query returns the
// lock: it exists, has a value, and the value is the filter's if any.
func (l *lockAssignmentList) match(info *client.LockInfo, filter *string) *string {
	if info == nil {
		return nil
	}
	value := l.spec.current(info)
	if value == nil || filter != nil && !l.spec.same(*value, *filter) {
		return nil
	}
	return value
}

// result is one found lock: its identity, a display name and, when
// Terraform asks for it (include_resource, -generate-config-out), the
// resource object as an import would record it.
func (l *lockAssignmentList) result(ctx context.Context, req list.ListRequest, id int64, value string, info *client.LockInfo) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = fmt.Sprintf("lock %d (%s %s)", id, l.spec.attr, serverWord(l.client.Redact(value)))
	res.Diagnostics.Append(setLockIdentity(ctx, res.Identity, id)...)
	if !req.IncludeResource {
		return res
	}
	var m lockAssignmentModel
	m.LockID = lockIDValue(id)
	res.Diagnostics.Append(m.recordLockInfo(id, info)...)
	for name, v := range map[string]any{
		"id": m.ID, "lock_id": m.LockID, "aggregate_id": m.AggregateID, "version": m.Version, l.spec.attr: value,
	} {
		res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root(name), v)...)
	}
	return res
}
