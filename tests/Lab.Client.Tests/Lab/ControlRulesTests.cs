using Lab.Client.Pages.Lab;
using Lab.Contracts;

namespace Lab.Client.Tests.Lab;

public class ControlRulesTests
{
    [Theory]
    [InlineData(LabStatus.Created, "Start")]
    [InlineData(LabStatus.Queued, "Pause Stop")]
    [InlineData(LabStatus.Running, "Pause Stop")]
    [InlineData(LabStatus.Paused, "Resume Stop")]
    [InlineData(LabStatus.Completed, "")]
    [InlineData(LabStatus.Failed, "")]
    [InlineData(LabStatus.Stopped, "")]
    public void Each_status_offers_only_the_controls_that_fit(LabStatus status, string allowed)
    {
        var offered = Enum.GetValues<LabCommand>().Where(c => ControlRules.Allows(status, c));

        Assert.Equal(allowed, string.Join(" ", offered));
    }
}
