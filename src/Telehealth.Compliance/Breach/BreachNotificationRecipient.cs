namespace Telehealth.Compliance;

/// <summary>Who must be notified of a breach of unsecured PHI.</summary>
public enum BreachNotificationRecipient
{
    /// <summary>Each affected individual (164.404).</summary>
    Individuals = 1,

    /// <summary>Prominent media outlets serving a State or jurisdiction with more than 500 affected residents (164.406).</summary>
    Media = 2,

    /// <summary>The Secretary of HHS, at the same time as the individuals, for 500 or more affected individuals (164.408(b)).</summary>
    Secretary = 3,

    /// <summary>The Secretary of HHS, through the annual log of breaches with fewer than 500 affected individuals (164.408(c)).</summary>
    SecretaryAnnualLog = 4,

    /// <summary>The covered entity, or for a subcontractor the business associate, that engaged the notifying business associate (164.410).</summary>
    EngagingParty = 5,

    /// <summary>
    /// Substitute notice to the 10 or more individuals whose contact information is insufficient or out of date: a
    /// conspicuous posting on the home page of the web site, or notice in major print or broadcast media, with a toll-free
    /// number, both kept for at least 90 days (164.404(d)(2)(ii)).
    /// </summary>
    SubstituteNotice = 6,
}
