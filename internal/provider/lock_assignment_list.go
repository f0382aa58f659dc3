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
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var (
	_ list.ListResourceWithConfigure = (*lockAssignmentList)(nil)
)

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

// listBatch is how many ids are read before their matches are returned:
// results come in id order, and a query's limit stops the reading after
// the batch that reached it.
const listBatch = 256

func (l *lockAssignmentList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.spec.typeName
}

func (l *lockAssignmentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Finds locks for `%s` by reading `basic-info` for each lock id of `lock_ids` "+
			"(Terraform 1.14+ `terraform query`). Ids that do not exist are skipped, and so are locks without %s.", l.spec.typeName, "`"+l.spec.attr+"`"),
		Attributes: map[string]listschema.Attribute{
			"lock_ids": listschema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Lock ids and inclusive ranges separated by commas, such as `\"100-199,250\"` "+
					"(the `spkey_organization_locks` import id's syntax). One range spans at most %d ids; the list names at most %d.",
					lockids.MaxRange, maxLockIDs),
				Required: true,
			},
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
	var raw, filter types.String
	diags := req.Config.GetAttribute(ctx, path.Root("lock_ids"), &raw)
	diags.Append(req.Config.GetAttribute(ctx, path.Root(l.spec.attr), &filter)...)
	if diags.HasError() {
		return lockListConfig{}, diags
	}
	ids, err := parseLockIDList(raw.ValueString())
	if err != nil {
		return lockListConfig{}, diag.Diagnostics{invalidLockIDDiag(path.Root("lock_ids"), err)}
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
	stream.Results = func(push func(list.ListResult) bool) {
		var pushed int64
		for start := 0; start < len(cfg.lockIDs); start += listBatch {
			batch := cfg.lockIDs[start:min(start+listBatch, len(cfg.lockIDs))]
			infos, diags := l.read(ctx, batch)
			if diags.HasError() {
				push(list.ListResult{Diagnostics: diags})
				return
			}
			for _, id := range batch {
				value := l.match(infos[id], cfg.filter)
				if value == nil {
					continue
				}
				if !push(l.result(ctx, req, id, *value, infos[id])) {
					return
				}
				if pushed++; req.Limit > 0 && pushed >= req.Limit {
					return
				}
			}
		}
	}
}

// match returns the lock's assigned value when the query returns the
// lock: it exists, has a value, and the value is the filter's if any.
func (l *lockAssignmentList) match(info *client.LockInfo, filter *string) *string {
	if info == nil {
		return nil
	}
	value := l.spec.current(info)
	if value == nil || filter != nil && *value != *filter {
		return nil
	}
	return value
}

// read asks basic-info about the ids concurrently and returns what it
// said about those that exist (see readEach: any failure but not-found
// stops the query).
func (l *lockAssignmentList) read(ctx context.Context, ids []int64) (map[int64]*client.LockInfo, diag.Diagnostics) {
	infos, first, err := readEach(ctx, l.client, ids, l.client.LockBasicInfo)
	if err != nil {
		return nil, diag.Diagnostics{apiErrorDiag(opQueryLocks, lockSubject(first), l.client.BaseURL(), err)}
	}
	return infos, nil
}

// result is one found lock: its identity, a display name and, when
// Terraform asks for it (include_resource, -generate-config-out), the
// resource object as an import would record it.
func (l *lockAssignmentList) result(ctx context.Context, req list.ListRequest, id int64, value string, info *client.LockInfo) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = fmt.Sprintf("lock %d (%s %s)", id, l.spec.attr, value)
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
