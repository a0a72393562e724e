namespace Telehealth.Compliance;

/// <summary>
/// Derives the deadlines of the Breach Notification Rule (45 CFR 164.400–164.414) from a <see cref="BreachAssessment"/>,
/// and the clocks of each party of a business associate chain. Dates are calendar dates; a deadline is the last day on
/// which notice may be given.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Individuals: 60 calendar days after discovery (164.404(b)); with 10 or more of them unreachable, substitute notice
/// by web posting or major media by the same day, kept with a toll-free number for at least 90 days (164.404(d)(2)(ii)).</item>
/// <item>Media: for each State or jurisdiction with more than 500 affected residents, 60 days after discovery (164.406);
/// keys naming the same State in another case or by name are counted together (<see cref="UsJurisdictions"/>).</item>
/// <item>Secretary: with 500 or more affected in total, at the same time as the individuals, so by their deadline
/// (164.408(b)); otherwise in the log submitted within 60 days after the end of the calendar year of discovery
/// (164.408(c)), which is March 1, or February 29 in a leap year.</item>
/// <item>Business associate: the party that engaged it, 60 days after discovery (164.410(b)).</item>
/// <item>Law enforcement delay (164.412): notice is not given before the delay ends. Where the delay ends after the
/// 60-day deadline, the deadline moves to the day the delay ends. This engine does not toll: it reads 164.412 as
/// suspending notice for the delay, not as adding the delay's length to the 60 days, so it reports the earlier, stricter
/// date. A statement dated after a deadline moves nothing for that notice; see <see cref="LawEnforcementDelay"/>.</item>
/// </list>
/// </remarks>
public static class BreachDeadlineEngine
{
    /// <summary>The outer limit, in calendar days after discovery, of every notice (164.404(b), 164.406(b), 164.410(b)).</summary>
    public const int NotificationDays = 60;

    /// <summary>More than this many residents of a State or jurisdiction require notice to the media (164.406(a)).</summary>
    public const int MediaThreshold = 500;

    /// <summary>This many affected individuals or more require immediate notice to the Secretary (164.408(b)).</summary>
    public const int SecretaryThreshold = 500;

    /// <summary>This many individuals or more with insufficient or out-of-date contact information require substitute notice by web posting or major media (164.404(d)(2)(ii)).</summary>
    public const int SubstituteNoticeThreshold = 10;

    internal const string AssessmentKind = "breach assessment";

    /// <summary>Gets the notifications an assessment requires.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <returns>The schedule; without deadlines when the conclusion is not a breach or the PHI was secured.</returns>
    /// <exception cref="ComplianceException">The assessment is not complete and consistent (<c>TH5023</c>, <c>TH5026</c>, <c>TH5029</c>, <c>TH5030</c>, <c>TH5040</c>–<c>TH5042</c>, <c>TH5046</c>, <c>TH5047</c>).</exception>
    public static BreachNotificationSchedule Schedule(BreachAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        assessment.Check();
        if (!assessment.RequiresNotification)
        {
            return new BreachNotificationSchedule(assessment, []);
        }

        var discovered = assessment.DiscoveredOn;
        var delay = assessment.LawEnforcementDelay;
        var deadline = discovered.AddDays(NotificationDays);
        var deadlines = new List<BreachNotificationDeadline>();
        if (assessment.Role == BreachRole.BusinessAssociate)
        {
            deadlines.Add(Deadline(BreachNotificationRecipient.EngagingParty, null, deadline, delay, "164.410(b)"));
            return new BreachNotificationSchedule(assessment, deadlines);
        }

        deadlines.Add(Deadline(BreachNotificationRecipient.Individuals, null, deadline, delay, "164.404(b)"));
        if (assessment.InsufficientContactCount >= SubstituteNoticeThreshold)
        {
            deadlines.Add(Deadline(BreachNotificationRecipient.SubstituteNotice, null, deadline, delay, "164.404(d)(2)(ii)"));
        }

        foreach (var (jurisdiction, count) in assessment.AffectedByNormalizedJurisdiction())
        {
            if (count > MediaThreshold && !string.Equals(jurisdiction, BreachAssessment.UnknownJurisdiction, StringComparison.Ordinal))
            {
                deadlines.Add(Deadline(BreachNotificationRecipient.Media, jurisdiction, deadline, delay, "164.406(b)"));
            }
        }

        deadlines.Add(assessment.TotalAffected >= SecretaryThreshold
            ? Deadline(BreachNotificationRecipient.Secretary, null, deadline, delay, "164.408(b)")
            : Deadline(BreachNotificationRecipient.SecretaryAnnualLog, null, new DateOnly(discovered.Year, 12, 31).AddDays(NotificationDays), delay, "164.408(c)"));
        return new BreachNotificationSchedule(assessment, deadlines);
    }

    /// <summary>
    /// Follows a breach up a chain of business associates to the covered entity and starts each party's clock. A party is
    /// treated as having discovered the breach on the earliest of: its own knowledge (<see cref="BreachChainParty.DiscoveredOn"/>);
    /// the discovery date of the party below if that party is its agent (imputed knowledge); the date the party below
    /// notified it. Each party but the last must notify the party above within 60 days of its own discovery (164.410(b));
    /// the last party, the covered entity, uses its date as <see cref="BreachAssessment.DiscoveredOn"/>.
    /// </summary>
    /// <param name="chain">The parties, from the one where the breach was first discovered (such as a subcontractor) up to the covered entity.</param>
    /// <returns>One step per party, in the same order.</returns>
    /// <exception cref="ComplianceException">
    /// The chain has fewer than two parties or its first party has no discovery date (<c>TH5043</c>), a party id is malformed or repeated
    /// (<c>TH5023</c>, <c>TH5024</c>), a party notified before its discovery (<c>TH5044</c>), or a delay is invalid or dated
    /// before the party's discovery (<c>TH5026</c>, <c>TH5029</c>, <c>TH5042</c>, <c>TH5046</c>).
    /// </exception>
    public static IReadOnlyList<BreachChainStep> Cascade(IReadOnlyList<BreachChainParty> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count < 2 || chain[0]?.DiscoveredOn is null)
        {
            throw Errors.ChainIncomplete();
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var steps = new List<BreachChainStep>(chain.Count);
        BreachChainStep? below = null;
        for (var i = 0; i < chain.Count; i++)
        {
            var party = chain[i];
            ArgumentNullException.ThrowIfNull(party, nameof(chain));
            RecordIds.Check("party", party.PartyId);
            if (!seen.Add(party.PartyId))
            {
                throw Errors.Duplicate("party", party.PartyId);
            }

            var (discovered, basis) = Earliest(
                (party.DiscoveredOn, DiscoveryBasis.OwnKnowledge),
                (below is { Party.IsAgentOfUpstream: true } ? below.DiscoveredOn : null, DiscoveryBasis.ImputedFromAgent),
                (below?.Party.NotifiedUpstreamOn, DiscoveryBasis.NotifiedByParty));

            party.LawEnforcementDelay?.Check(discovered);
            var upstream = i + 1 < chain.Count ? chain[i + 1]?.PartyId : null;
            if (upstream is not null && party.NotifiedUpstreamOn is { } notified && (discovered is null || notified < discovered))
            {
                throw Errors.NotifiedBeforeDiscovery(party.PartyId);
            }

            var notifyBy = upstream is not null && discovered is { } d
                ? Deadline(BreachNotificationRecipient.EngagingParty, null, d.AddDays(NotificationDays), party.LawEnforcementDelay, "164.410(b)")
                : null;
            below = new BreachChainStep(party, upstream, discovered, basis, notifyBy);
            steps.Add(below);
        }

        return steps;
    }

    private static (DateOnly? Date, DiscoveryBasis Basis) Earliest(params (DateOnly? Date, DiscoveryBasis Basis)[] candidates)
    {
        (DateOnly? Date, DiscoveryBasis Basis) earliest = (null, DiscoveryBasis.NotYetDiscovered);
        foreach (var candidate in candidates)
        {
            if (candidate.Date is { } date && (earliest.Date is null || date < earliest.Date))
            {
                earliest = candidate;
            }
        }

        return earliest;
    }

    private static BreachNotificationDeadline Deadline(BreachNotificationRecipient recipient, string? jurisdiction, DateOnly due, LawEnforcementDelay? delay, string citation)
    {
        if (delay is null)
        {
            return new BreachNotificationDeadline(recipient, jurisdiction, due, null, citation, null);
        }

        var (dueBy, notBefore, late) = delay.Apply(due);
        return new BreachNotificationDeadline(recipient, jurisdiction, dueBy, notBefore, citation, late);
    }
}
