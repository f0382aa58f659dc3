package provider

// The list resource of the fleet, for terraform query (Terraform 1.14+):
// it reads basic-info for each id of lock_ids, as the per-lock list
// resources do, and returns one fleet per organization found, with its
// locks, so that -generate-config-out writes one spkey_organization_locks
// resource per organization and its import block.

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
	"github.com/smartphonekey/terraform-provider-spkey/internal/lockids"
)

var _ list.ListResourceWithConfigure = (*organizationLocksList)(nil)

// NewOrganizationLocksList is the spkey_organization_locks list resource.
func NewOrganizationLocksList() list.ListResource { return &organizationLocksList{} }

type organizationLocksList struct {
	client *client.Client
}

func (l *organizationLocksList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = organizationLocksType
}

func (l *organizationLocksList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds fleets for `spkey_organization_locks` by reading `basic-info` for each lock id of `lock_ids` " +
			"(Terraform 1.14+ `terraform query`): one result per organization found, with its locks. Ids that do not exist, " +
			"and locks without an organization, are skipped. A result's identity is `{ org_id, lock_ids }`, the locks as ranges.",
		Attributes: map[string]listschema.Attribute{
			"lock_ids": lockIDsQueryAttribute(),
			"org_id": listschema.StringAttribute{
				MarkdownDescription: "Only this organization's locks. Unset: one fleet per organization found.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (l *organizationLocksList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData, "list resource "+organizationLocksType)
	resp.Diagnostics.Append(diags...)
	if data != nil {
		l.client = data.client
	}
}

func (l *organizationLocksList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filter types.String
	ids, diags := queryLockIDs(ctx, req)
	diags.Append(req.Config.GetAttribute(ctx, path.Root("org_id"), &filter)...)
	if !diags.HasError() && l.client == nil {
		diags.Append(listNotConfiguredDiag(organizationLocksType))
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// A fleet is whole only once every id is read, so the results come
	// after the last read.
	infos, diags := readPerLock(ctx, l.client, opQueryLocks, ids, l.client.LockBasicInfo)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	fleets := groupByOrganization(ids, infos, filter.ValueStringPointer())
	stream.Results = func(push func(list.ListResult) bool) {
		for i, f := range fleets {
			if req.Limit > 0 && int64(i) >= req.Limit || !push(l.result(ctx, req, f)) {
				return
			}
		}
	}
}

// foundFleet is one organization's locks among those a query read.
type foundFleet struct {
	org string
	ids []int64
}

// groupByOrganization sorts the locks that exist into fleets, one per
// organization (only filter's when set), ordered by organization id; ids
// are in order, and so are each fleet's.
func groupByOrganization(ids []int64, infos map[int64]*client.LockInfo, filter *string) []foundFleet {
	byOrg := map[string][]int64{}
	for _, id := range ids {
		info := infos[id]
		if info == nil || info.Organization() == nil {
			continue
		}
		org := *info.Organization()
		if filter == nil || org == *filter {
			byOrg[org] = append(byOrg[org], id)
		}
	}
	orgs := make([]string, 0, len(byOrg))
	for org := range byOrg {
		orgs = append(orgs, org)
	}
	slices.Sort(orgs)
	out := make([]foundFleet, len(orgs))
	for i, org := range orgs {
		out[i] = foundFleet{org: org, ids: byOrg[org]}
	}
	return out
}

// result is one found fleet: its identity, a display name and, when
// Terraform asks for it, the resource object as an import would record it.
func (l *organizationLocksList) result(ctx context.Context, req list.ListRequest, f foundFleet) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = fmt.Sprintf("organization %s: %d lock(s), %s", f.org, len(f.ids), lockids.FormatList(f.ids))
	res.Diagnostics.Append(setFleetIdentity(ctx, res.Identity, f.org, f.ids)...)
	if !req.IncludeResource {
		return res
	}
	res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root("org_id"), f.org)...)
	res.Diagnostics.Append(res.Resource.SetAttribute(ctx, locksPath, locksFor(f.ids, types.MapNull(types.StringType)))...)
	return res
}
