package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*lockDataSource)(nil)

const lockDataSourceType = "spkey_lock"

// NewLockDataSource is the spkey_lock data source.
func NewLockDataSource() datasource.DataSource {
	return &lockDataSource{}
}

type lockDataSource struct {
	client *client.Client
}

type lockDataSourceModel struct {
	lockDataModel
	AggregateID  types.String `tfsdk:"aggregate_id"`
	UUID         types.String `tfsdk:"uuid"`
	Version      types.Number `tfsdk:"version"`
	SerialNumber types.String `tfsdk:"serial_number"`
	OwnerID      types.String `tfsdk:"owner_id"`
	OrgID        types.String `tfsdk:"org_id"`
}

func (d *lockDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = lockDataSourceType
}

func (d *lockDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a SmartphoneKey lock (`GET /locks/{id}/basic-info`): its UUID, owner, current organization and version. " +
			"A lock that does not exist is an error, not an empty result.",
		Attributes: lockDataAttributes(ctx, "the lock (one `basic-info` call)", map[string]schema.Attribute{
			"aggregate_id": schema.StringAttribute{
				MarkdownDescription: "Id of the lock's event-sourced aggregate (the API's `id`).",
				Computed:            true,
			},
			"uuid": schema.StringAttribute{
				MarkdownDescription: "The lock's UUID. Not to be confused with `lock_id`: the API addresses locks by their numeric id.",
				Computed:            true,
			},
			"version": schema.NumberAttribute{
				MarkdownDescription: "The aggregate's current version: it grows with every event on the lock.",
				Computed:            true,
			},
			"serial_number": schema.StringAttribute{
				MarkdownDescription: "The lock's serial number; null when the API does not report one.",
				Computed:            true,
			},
			"owner_id": schema.StringAttribute{
				MarkdownDescription: "Id (a UUID) of the user who owns the lock; null when the API does not report one.",
				Computed:            true,
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "Id of the organization the lock belongs to (the API's `orgId`, else `organizationId`); null when it has none.",
				Computed:            true,
			},
		}),
	}
}

func (d *lockDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if c := dataSourceClient(req, resp, lockDataSourceType); c != nil {
		d.client = c
	}
}

func (d *lockDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readLockData(ctx, req, resp, d.client, opReadLock,
		func(ctx context.Context, lockID int64, _ *lockDataSourceModel) (*client.LockInfo, error) {
			return d.client.LockBasicInfo(ctx, lockID)
		}, (*lockDataSourceModel).record)
}

// record maps basic-info onto the data source. Internal fields (doId,
// r2Prefix) stay out.
func (m *lockDataSourceModel) record(lockID int64, info *client.LockInfo) diag.Diagnostics {
	version, err := numberValue(info.Version)
	if err != nil {
		return diag.Diagnostics{unusableResponseDiag(opReadLock, lockSubject(lockID), err)}
	}
	m.AggregateID = types.StringValue(info.ID)
	m.UUID = types.StringValue(info.UUID)
	m.Version = version
	m.SerialNumber = types.StringPointerValue(info.SerialNumber)
	m.OwnerID = types.StringPointerValue(info.OwnerID)
	m.OrgID = types.StringPointerValue(info.Organization())
	return nil
}
