using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>
/// Turns a history of events into labelled conversations. An interaction is dissatisfied when a complaint was
/// filed or its rating is at or below the cut; satisfied when rated above it. With no rating anywhere in the
/// history, an interaction without a complaint counts as satisfied; with ratings, an unrated one is left out.
/// </summary>
public sealed class TrainingHistory(double dissatisfiedAtOrBelow)
{
    private readonly Dictionary<string, List<Turn>> _turns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lowestRating = new(StringComparer.Ordinal);
    private readonly HashSet<string> _complaints = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public double DissatisfiedAtOrBelow { get; } = dissatisfiedAtOrBelow;

    public void Add(InteractionEvent e)
    {
        switch (e.Type)
        {
            case EventType.CustomerMessage or EventType.AgentMessage when !string.IsNullOrEmpty(e.Text):
                if (!_turns.TryGetValue(e.InteractionId, out var turns))
                {
                    _turns.Add(e.InteractionId, turns = []);
                    _order.Add(e.InteractionId);
                }
                turns.Add(new Turn(e.Type == EventType.CustomerMessage, e.Text));
                break;
            case EventType.ComplaintFiled:
                _complaints.Add(e.InteractionId);
                break;
            case EventType.SatisfactionRated when e.Score is { } score:
                _lowestRating[e.InteractionId] = _lowestRating.TryGetValue(e.InteractionId, out var s) ? Math.Min(s, score) : score;
                break;
        }
    }

    /// <summary>Interactions with customer messages and a label, in the order they first spoke.</summary>
    public IReadOnlyList<LabelledConversation> Conversations()
    {
        var rated = _lowestRating.Count > 0;
        var result = new List<LabelledConversation>();
        foreach (var id in _order.Where(id => _turns[id].Exists(t => t.FromCustomer)))
        {
            bool? dissatisfied = _complaints.Contains(id) ? true
                : _lowestRating.TryGetValue(id, out var score) ? score <= DissatisfiedAtOrBelow
                : rated ? null : false;
            if (dissatisfied is { } label)
                result.Add(new LabelledConversation(id, _turns[id], label));
        }
        return result;
    }

    /// <summary>Interactions with customer messages but no label (rated histories only).</summary>
    public int Unlabelled => _order.Count(id => _turns[id].Exists(t => t.FromCustomer)) - Conversations().Count;

    public bool HasLabels => _complaints.Count > 0 || _lowestRating.Count > 0;
}
