using Amazon.CDK;
using Razors.Infra;

// `cdk synth` / `cdk deploy` run this through cdk.json at the repository root; `razors bootstrap`
// runs it with -c razors:bootstrap=true.
var app = new App();
RazorsApp.Compose(app);
app.Synth();
