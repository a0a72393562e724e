namespace Telehealth.Audit.Tests.Records;

public sealed class RecordDescriptionTests
{
    [Fact]
    public void ToString_never_shows_personal_values_free_text_or_addresses()
    {
        var record = TestRecords.Read(0) with
        {
            Source = new AuditSource("203.0.113.7", "device-7"),
            Justification = "patient Jane Roe unconscious",
            Extra = [AuditField.Personal("patient.name", "Jane Roe")],
        };

        foreach (var text in new[] { record.ToString(), record.Source!.ToString(), record.Extra[0].ToString(), string.Join(' ', record.Extra) })
        {
            Assert.DoesNotContain("Jane Roe", text, StringComparison.Ordinal);
            Assert.DoesNotContain("203.0.113.7", text, StringComparison.Ordinal);
        }

        Assert.Equal("AuditRecord phi.read by User u-1 on patient-record r-0: Success", record.ToString());
        Assert.Equal("AuditField patient.name [TelehealthAudit:Personal]", record.Extra[0].ToString());
    }
}
