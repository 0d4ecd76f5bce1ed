namespace Razors.Infra.Tests;

/// <summary>Each stack as synthesized today against its checked-in template (<see cref="TemplateSnapshot"/>).</summary>
public sealed class every_stack_template(SynthesizedTemplates templates)
{
    public static TheoryData<string> Stacks => [.. RazorsApp.Services.Select(s => s.StackName)];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void keeps_every_logical_id_and_differs_from_its_snapshot_only_as_allowed(string stack) =>
        TemplateSnapshot.Match(templates.All.Single(t => t.StackName == stack));
}
