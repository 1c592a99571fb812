@profile:webhook
Feature: Negative battery: verify tokens and signatures that are almost right
  Each wrong value is derived from the right one for a way such a comparison is commonly
  written wrong: comparing part of the value, comparing it normalised, or verifying only
  under some condition. A check is a MUST where the mistake lets in a caller who does not
  know the secret, a SHOULD where the wrong value can only be built from the secret.
  docs/negative-battery.md gives each value, the mistake it catches and its source.

  # empty: verified only when non-empty, or a prefix/substring test (the empty string is
  # a prefix of every token); first-half: expected.startswith(given), given in expected;
  # last-half: expected.endswith(given).
  @NEG-001 @MUST @line:S1
  Scenario Outline: The handshake refuses a verify token of which only a part matches
    When the harness sends the verify-token handshake with the token as <variant>
    Then the challenge is not echoed

    Examples:
      | variant    |
      | empty      |
      | first-half |
      | last-half  |

  # other-case: compared after lower() or casefold(); padded: after strip(); extended:
  # given.startswith(expected); elsewhere (a wrong hub.verify_token, the right token in
  # another parameter): the token looked for anywhere in the query. Each needs the token
  # to build. A token without letters has no other case: that example is skipped.
  @NEG-002 @SHOULD @line:S1
  Scenario Outline: The handshake compares the verify token exactly, not normalised
    When the harness sends the verify-token handshake with the token as <variant>
    Then the challenge is not echoed

    Examples:
      | variant    |
      | other-case |
      | padded     |
      | extended   |
      | elsewhere  |

  # empty: the header verified only when its value is non-empty; bare_prefix ("sha256="
  # alone): a prefix or substring comparison of the digest; sha1_header (only Graph's
  # older X-Hub-Signature, under another key): any signature header's presence trusted.
  # Upper-case hex is not judged: hex names the same bytes in either case, and real
  # verifiers differ (whatsapp-api-js accepts it, pywa refuses it).
  @NEG-003 @MUST @line:T4 @line:S2
  Scenario Outline: A tap with a signature anyone could write is rejected and has no effect
    Given an opted-in operator who received the opportunity card for "opp-6003"
    When the operator taps "draft" with a <variant> signature
    Then the webhook answer is not 2xx
    And nothing more was sent

    Examples:
      | variant     |
      | empty       |
      | bare_prefix |
      | sha1_header |

  # Half the right digest: only a comparison cut to the shorter value, or to a fixed
  # number of characters, takes it. Building it needs the secret.
  @NEG-004 @SHOULD @line:S2
  Scenario Outline: A tap with a truncated signature is rejected and has no effect
    Given an opted-in operator who received the opportunity card for "opp-6004"
    When the operator taps "draft" with a <variant> signature
    Then the webhook answer is not 2xx
    And nothing more was sent

    Examples:
      | variant   |
      | truncated |

  # A status is forged as easily as a tap: a verifier that guards only messages lets a
  # made-up delivery failure into the operator's alerts.
  @NEG-005 @MUST @line:T4 @line:S2
  Scenario Outline: A failed status with a bad signature is rejected and raises no alert
    Given an opted-in operator who received the opportunity card for "opp-6005"
    When a failed status with code 131026 and a <variant> signature arrives for the card
    Then the webhook answer is not 2xx
    And no alert carries code 131026

    Examples:
      | variant      |
      | missing      |
      | wrong_secret |
      | bare_prefix  |
