using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// <c>/hubs/alerts</c>: clients receive <c>alert</c> messages (an <see cref="AlertNotice"/>). An agent key joins
/// group <c>agent:{id}</c> and gets alerts on its own interactions; supervisor and admin keys join
/// <c>supervisors</c> and get supervisor alerts and every P1.
/// </summary>
[Authorize(Policy = Policies.Staff)]
internal sealed class AlertsHub : Hub
{
    public const string Path = "/hubs/alerts";
    public const string Method = "alert";
    public const string SupervisorsGroup = "supervisors";

    public static string AgentGroup(string agentId) => $"agent:{agentId}";

    public override async Task OnConnectedAsync()
    {
        var caller = Caller.From(Context.User!);
        var group = caller.IsAgent ? AgentGroup(caller.AgentId!) : SupervisorsGroup;
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await base.OnConnectedAsync();
    }

    /// <summary>The groups a notice goes to.</summary>
    public static IEnumerable<string> GroupsFor(AlertNotice notice)
    {
        if (notice.Record.Alert.AgentId is { } agent)
            yield return AgentGroup(agent);
        if (notice.Record.Audience == Audience.Supervisor || notice.Record.Priority == Priority.P1)
            yield return SupervisorsGroup;
    }
}

/// <summary>
/// Forwards the notices made on this host to the hub's groups; with Redis the backplane carries them to the clients of
/// every host, so a notice another host made comes from that host. If it ever falls behind it resumes from the replay
/// buffer.
/// </summary>
internal sealed class HubForwarder(AlertFeed feed, IHubContext<AlertsHub> hub, ILogger<HubForwarder> logger) : BackgroundService
{
    public const int Capacity = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe("signalr", n => n.MadeHere, last, Capacity);
            try
            {
                await foreach (var notice in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    last = notice.Id;
                    await SendAsync(notice, stoppingToken);
                }
            }
            catch (SubscriberOverflowException)
            {
                logger.LogWarning("SignalR forwarding fell behind; resuming after notice {Id}", last);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            last ??= 0;
        }
    }

    private async Task SendAsync(AlertNotice notice, CancellationToken ct)
    {
        try
        {
            foreach (var group in AlertsHub.GroupsFor(notice))
                await hub.Clients.Group(group).SendAsync(AlertsHub.Method, notice, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not send notice {Id} of alert {AlertId} to SignalR clients", notice.Id, notice.Alert.AlertId);
        }
    }
}
