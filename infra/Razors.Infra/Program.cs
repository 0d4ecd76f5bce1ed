using Amazon.CDK;
using Razors.Infra;

// `cdk synth` / `cdk deploy` run this through cdk.json at the repository root.
var app = new App();
RazorsApp.AddStacks(app);
app.Synth();
