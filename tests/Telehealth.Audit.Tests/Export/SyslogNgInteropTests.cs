using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telehealth.Audit.Tests.Export;

/// <summary>
/// Messages of <see cref="SyslogFormatter"/> sent to a real syslog-ng (Debian's syslog-ng-core), started
/// on 127.0.0.1 for the test with its own configuration, and read back from the file it writes. Skipped
/// locally when syslog-ng is not installed; fails under CI=true.
/// </summary>
public sealed class SyslogNgInteropTests
{
    private const string SyslogNg = "/usr/sbin/syslog-ng";

    [SkippableFact]
    public async Task Syslog_ng_parses_the_header_structured_data_and_message_of_every_form()
    {
        Require();
        using var dir = new TempDirectory();
        var port = FreePort();
        var output = dir.Combine("received.txt");
        File.WriteAllText(dir.Combine("syslog-ng.conf"), $$"""
            @version: 3.38
            options { keep-hostname(yes); stats-freq(0); };
            source s_test { syslog(transport("tcp") ip("127.0.0.1") port({{port}}) log-msg-size(65536)); };
            destination d_test { file("{{output}}" template("${HOST}|${PROGRAM}|${MSGID}|${.SDATA.telehealth@55555.seq}|${.SDATA.telehealth@55555.truncated}|${MSG}\n")); };
            log { source(s_test); destination(d_test); };
            """);
        var start = new ProcessStartInfo(SyslogNg) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-F", "--no-caps", "-f", dir.Combine("syslog-ng.conf"), "-R", dir.Combine("persist"), "-p", dir.Combine("pid"), "-c", dir.Combine("ctl") })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var plain = new SyslogOptions { HostName = "clinic-node-1.example.org", AppName = "telehealth-audit", ProcessId = "4242", EnterpriseNumber = 55555 };
            var compact = new SyslogOptions { HostName = "clinic-node-1.example.org", AppName = "telehealth-audit", ProcessId = "4242", EnterpriseNumber = 55555, Compact = true, MaxMessageBytes = 8192 };
            var fixedEntry = ExportEntries.Fixed();
            var unicode = ExportEntries.Entry(43, ExportEntries.FixedRecord with { Extra = [AuditField.Operational("note", "caf\u00e9 \u4e2d")] });
            var large = ExportEntries.Entry(44, ExportEntries.FixedRecord with { Extra = [AuditField.Operational("note", new string('x', 9000))] });
            // What SyslogOptions now refuses: a HOSTNAME with '[' (written by hand, as 0.1 could).
            var bracketHost = SyslogFormatter.Format(fixedEntry, plain).Replace("clinic-node-1.example.org", "node[1]", StringComparison.Ordinal);
            string[] messages = [SyslogFormatter.Format(fixedEntry, plain), SyslogFormatter.Format(unicode, compact), SyslogFormatter.Format(large, compact), bracketHost];

            using (var client = await ConnectAsync(port))
            await using (var stream = client.GetStream())
            {
                foreach (var message in messages)
                {
                    // RFC 6587 octet counting: "<length in bytes> <message>".
                    var bytes = Encoding.UTF8.GetBytes(message);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(bytes.Length + " "));
                    await stream.WriteAsync(bytes);
                }
            }

            var lines = await ReadLinesAsync(output, messages.Length);
            // syslog-ng strips the BOM from $MSG.
            Assert.Equal("clinic-node-1.example.org|telehealth-audit|AUDIT|42||" + FhirAuditEventFormatter.ToJson(fixedEntry), lines[0].TrimEnd());
            Assert.Contains("caf\u00e9 \u4e2d", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("clinic-node-1.example.org|telehealth-audit|AUDIT|43||", lines[1], StringComparison.Ordinal);
            Assert.Contains("Error processing log message", lines[3], StringComparison.Ordinal);
            Assert.DoesNotContain("|AUDIT|42|", lines[3], StringComparison.Ordinal);
            Assert.Equal("clinic-node-1.example.org|telehealth-audit|AUDIT|44|" + Encoding.UTF8.GetByteCount(SyslogFormatter.Format(large, new SyslogOptions { HostName = plain.HostName, AppName = plain.AppName, ProcessId = plain.ProcessId, EnterpriseNumber = 55555, Compact = true })) + "|", lines[2].TrimEnd());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void Require()
    {
        var available = File.Exists(SyslogNg);
        if (!available && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("syslog-ng (Debian package syslog-ng-core) is required under CI=true for the syslog interoperability test.");
        }

        Skip.IfNot(available, "syslog-ng is not installed (Debian package syslog-ng-core); the syslog interoperability test needs it.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                client.Dispose();
                await Task.Delay(100);
            }
        }
    }

    private static async Task<string[]> ReadLinesAsync(string path, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = File.Exists(path) ? (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            if (lines.Length >= count || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.True(lines.Length >= count, $"syslog-ng wrote {lines.Length} of {count} messages");
                return lines;
            }

            await Task.Delay(100);
        }
    }
}
