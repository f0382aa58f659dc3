package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*userDataSource)(nil)

const userDataSourceType = "spkey_user"

// NewUserDataSource is the spkey_user data source.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

// userDataSource finds a user's id by email address or phone number. The
// API's look-ups create a user on a miss unless told to only search; the
// client always tells them, so a plan never creates anyone.
type userDataSource struct {
	client *client.Client
}

type userDataSourceModel struct {
	ID          types.String   `tfsdk:"id"`
	Email       types.String   `tfsdk:"email"`
	PhoneNumber types.String   `tfsdk:"phone_number"`
	CreatedAt   types.String   `tfsdk:"created_at"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (d *userDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = userDataSourceType
}

func (d *userDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	lookUpBy := func(other string) []validator.String {
		return []validator.String{
			stringvalidator.LengthAtLeast(1),
			notBlankValidator{},
			stringvalidator.ExactlyOneOf(path.MatchRoot(other)),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a SmartphoneKey user by email address (`GET /users/by-email`) or phone number " +
			"(`GET /users/by-phone`), for the user id that `spkey_lock_resident`, `spkey_lock_residents_exclusive` and " +
			"`spkey_lock_access` take. It only searches (`searchOnly=true`): a user that does not exist is an error, and " +
			"nothing is ever created.",
		Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				MarkdownDescription: "The email address to look up. Exactly one of `email` and `phone_number` must be set; " +
					"when the look-up is by phone number, this is the user's email address (null when it has none).",
				Optional:   true,
				Computed:   true,
				Validators: lookUpBy("phone_number"),
			},
			"phone_number": schema.StringAttribute{
				MarkdownDescription: "The phone number to look up, in international form (`\"+48123456789\"`; `\"0048...\"` " +
					"and spaces are accepted too). Exactly one of `email` and `phone_number` must be set; when the look-up is " +
					"by email, this is null: the email look-up does not return a phone number.",
				Optional:   true,
				Computed:   true,
				Validators: lookUpBy("email"),
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The user's id (a UUID), as the API returns it.",
				Computed:            true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the user was created, as the API reports it.",
				Computed:            true,
			},
			"timeouts": dataSourceTimeouts(ctx, "the user (one look-up)"),
		},
	}
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if c := dataSourceClient(req, resp, userDataSourceType); c != nil {
		d.client = c
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data userDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, diags := withTimeout(ctx, data.Timeouts.Read, defaultReadTimeout)
	defer cancel()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	op, attr, what, value := opLookUpUserByEmail, "email", "email address", data.Email.ValueString()
	lookUp := d.client.UserByEmail
	if data.Email.IsNull() {
		op, attr, what, value = opLookUpUserByPhone, "phone_number", "phone number", data.PhoneNumber.ValueString()
		lookUp = d.client.UserByPhone
	}
	user, err := lookUp(ctx, value)
	switch {
	case errors.Is(err, client.ErrNotFound):
		resp.Diagnostics.Append(userNotFoundDiag(attr, what, value, d.client.BaseURL()))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag(op, subject{userID: value}, d.client.BaseURL(), err))
		return
	}
	data.ID = types.StringValue(user.ID)
	data.CreatedAt = types.StringValue(user.CreatedAt)
	if data.Email.IsNull() {
		data.Email = types.StringPointerValue(user.Email)
	} else {
		// The phone look-up answers the number; the email look-up does not.
		data.PhoneNumber = types.StringPointerValue(user.PhoneNumber)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, data)...)
}
