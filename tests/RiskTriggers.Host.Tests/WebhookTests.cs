using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>The webhook sink posting to a second real Kestrel app that plays the receiving platform.</summary>
public sealed class WebhookTests
{
    [Test]
    public async Task Webhook_ReceiverFailsFirst_NoticeRetriedAndDeliveredToAudienceUrl()
    {
        var received = new ConcurrentQueue<(string Path, JsonElement Body)>();
        var delivered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = 0;
        await using var receiver = await StartReceiver(async http =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            if (Interlocked.Increment(ref attempts) == 1)
            {
                http.Response.StatusCode = 500;
                return;
            }
            received.Enqueue((http.Request.Path, body));
            delivered.TrySetResult(body);
        });
        var url = receiver.Urls.First();
        await using var host = await TestHost.StartAsync(new()
        {
            ["RiskTriggers:Delivery:Webhooks:SupervisorUrl"] = url + "/supervisor",
            ["RiskTriggers:Delivery:Webhooks:FirstRetryDelay"] = "00:00:00",
        });
        var ix = Ev.Ix();

        var notice = await host.RaiseAsync(ix, Ev.Threat(ix));
        var body = await delivered.Task.WaitAsync(TestHost.Timeout);

        Assert.That(body.GetProperty("alert").GetProperty("alertId").GetString(), Is.EqualTo(notice.Alert.AlertId));
        Assert.That(received.Single().Path, Is.EqualTo("/supervisor"));
        Assert.That(attempts, Is.EqualTo(2));
    }

    private static async Task<WebApplication> StartReceiver(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return app;
    }
}
