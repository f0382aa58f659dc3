package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*lockEventsDataSource)(nil)

const lockEventsDataSourceType = "spkey_lock_events"

// The events a lookup returns without limit, and at most.
const (
	defaultEventsLimit = 10
	maxEventsLimit     = 1000
)

// NewLockEventsDataSource is the spkey_lock_events data source.
func NewLockEventsDataSource() datasource.DataSource {
	return &lockEventsDataSource{}
}

type lockEventsDataSource struct {
	client *client.Client
}

type lockEventsModel struct {
	lockDataModel
	Types  []string         `tfsdk:"types"`
	Limit  types.Int64      `tfsdk:"limit"`
	Events []lockEventModel `tfsdk:"events"`
}

type lockEventModel struct {
	Version   types.Number `tfsdk:"version"`
	Type      types.String `tfsdk:"type"`
	Timestamp types.String `tfsdk:"timestamp"`
	OrgID     types.String `tfsdk:"org_id"`
	Data      types.String `tfsdk:"data"`
}

func (d *lockEventsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = lockEventsDataSourceType
}

func (d *lockEventsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a SmartphoneKey lock's most recent events (`GET /locks/{id}/events`), newest first: who moved a lock, and when. " +
			"It reads the last page of the history first and older pages only until it has `limit` events, " +
			fmt.Sprintf("at most %d pages; pages that repeat or go back in time are an error. ", client.MaxEventPages) +
			"A lock that does not exist is an error, not an empty result. " +
			"A credential that a server echoes in an event is redacted from every value.",
		Attributes: lockDataAttributes(ctx, "the events (one `events` call per page of 10 events)", map[string]schema.Attribute{
			"types": schema.ListAttribute{
				MarkdownDescription: "Only events of these types, for example `[\"OrganizationSet\", \"OwnerSet\"]`. All types when unset.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many of the most recent (matching) events to return: %d when unset, at most %d.", defaultEventsLimit, maxEventsLimit),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, maxEventsLimit)},
			},
			"events": schema.ListNestedAttribute{
				MarkdownDescription: "The events, newest first; fewer than `limit` when the history has no more.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"version":   schema.NumberAttribute{MarkdownDescription: "The lock aggregate's version after the event.", Computed: true},
					"type":      schema.StringAttribute{MarkdownDescription: "The event's type, such as `OrganizationSet` or `OwnerSet`.", Computed: true},
					"timestamp": schema.StringAttribute{MarkdownDescription: "When the event happened, as the API wrote it (RFC 3339).", Computed: true},
					"org_id":    schema.StringAttribute{MarkdownDescription: "The lock's organization once the event applied, as the API wrote it.", Computed: true},
					"data": schema.StringAttribute{
						MarkdownDescription: "The event's payload as a JSON string (for `OwnerSet`: `lockId`, `uuid`, `timestamp`, `userId`); " +
							"decode it with `jsondecode`. Null when the event has none. A temporary key's UUID (`tempKeyUuid`) " +
							"is left out: it opens the door.",
						Computed: true,
					},
				}},
			},
		}),
	}
}

func (d *lockEventsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if c := dataSourceClient(req, resp, lockEventsDataSourceType); c != nil {
		d.client = c
	}
}

func (d *lockEventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readLockData(ctx, req, resp, d.client, opReadEvents,
		func(ctx context.Context, lockID int64, m *lockEventsModel) ([]client.Event, error) {
			limit := defaultEventsLimit
			if !m.Limit.IsNull() {
				limit = int(m.Limit.ValueInt64())
			}
			return d.client.RecentEvents(ctx, lockID, m.Types, limit)
		},
		func(m *lockEventsModel, lockID int64, events []client.Event) diag.Diagnostics {
			var diags diag.Diagnostics
			m.Events, diags = eventModels(d.client, lockID, events)
			return diags
		})
}

// eventModels maps the API's events onto the data source, in order. Every
// string the server wrote is redacted of the credentials (c.Redact) before
// it reaches state: a server that echoes a header into an event, even as
// JSON inside a string of its payload, must not put a credential there.
// The client leaves decoded answers alone, so it is done here, where the
// provider decides what to store.
func eventModels(c *client.Client, lockID int64, events []client.Event) ([]lockEventModel, diag.Diagnostics) {
	out := make([]lockEventModel, len(events))
	for i, ev := range events {
		version, err := numberValue(ev.Version)
		if err != nil {
			return nil, diag.Diagnostics{unusableResponseDiag(opReadEvents, lockSubject(lockID), fmt.Errorf("events[%d]: field \"version\": %w", i, err))}
		}
		payload := types.StringNull()
		if ev.Event != nil {
			text, err := eventPayload(ev.Event)
			if err != nil {
				return nil, diag.Diagnostics{unusableResponseDiag(opReadEvents, lockSubject(lockID), fmt.Errorf("events[%d]: field \"event\": %w", i, err))}
			}
			payload = types.StringValue(redactedJSON(c, text))
		}
		out[i] = lockEventModel{Version: version, Type: types.StringValue(c.Redact(ev.Type)), Timestamp: types.StringValue(c.Redact(ev.Timestamp)),
			OrgID: types.StringValue(c.Redact(ev.OrgID)), Data: payload}
	}
	return out, nil
}

// redactedJSON is a JSON text with the credentials redacted. Redaction
// replaces text inside strings, which keeps it JSON; should a credential
// stand outside a string (a number, say), the redacted text is stored as
// one JSON string, so that jsondecode still works.
func redactedJSON(c *client.Client, text string) string {
	red := c.Redact(text)
	if red == text || json.Valid([]byte(red)) {
		return red
	}
	b, _ := json.Marshal(red)
	return string(b)
}

// secretEventFields are the payload fields a data source never returns: a
// temporary key's UUID opens the door (TempKeyCreated, TempKeyUpdated,
// TempKeyUsed and TempKeyDeleted carry it).
var secretEventFields = []string{"tempKeyUuid"}

// eventPayload is an event's payload as compact JSON, without its secret
// fields.
func eventPayload(raw json.RawMessage) (string, error) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil {
		dropped := false
		for _, name := range secretEventFields {
			if _, ok := fields[name]; ok {
				delete(fields, name)
				dropped = true
			}
		}
		if dropped {
			b, err := json.Marshal(fields)
			return string(b), err
		}
	}
	// As the API wrote it, in its order: nothing to take out.
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", err
	}
	return b.String(), nil
}
