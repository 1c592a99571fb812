@profile:webhook
Feature: Webhook endpoint: verify-token handshake and signatures
  The implementation's webhook answers Meta's GET handshake only with the right
  verify token, and acts on a POST only when X-Hub-Signature-256 is the HMAC of the
  exact bytes received. A rejected request has no effect at all.

  @HSK-001 @MUST @line:S1
  Scenario: The handshake with the right verify token answers 200 and exactly the challenge
    When the harness sends the verify-token handshake with the right token
    Then the answer is 200 with exactly the challenge

  @HSK-002 @MUST @line:S1
  Scenario: The handshake with a wrong verify token does not echo the challenge
    When the harness sends the verify-token handshake with a wrong token
    Then the challenge is not echoed

  @HSK-005 @MUST @line:S1
  Scenario: The handshake without a verify token does not echo the challenge
    When the harness sends the verify-token handshake without a token
    Then the challenge is not echoed

  @HSK-003 @SHOULD @line:S1
  Scenario: The handshake with a wrong hub.mode does not echo the challenge
    When the harness sends the verify-token handshake with mode "unsubscribe"
    Then the challenge is not echoed

  @HSK-004 @SHOULD @line:S1
  Scenario: A wrong verify token is answered 403
    When the harness sends the verify-token handshake with a wrong token
    Then the answer status is 403

  @SIG-001 @MUST @line:T4 @line:S2
  Scenario: A correctly signed tap is accepted and acted on
    Given an opted-in operator who received the opportunity card for "opp-3001"
    When the operator taps "draft" with a valid signature
    Then the webhook answer is 200
    And the operator received a draft card

  @SIG-002 @MUST @line:T4 @line:S2
  Scenario Outline: A tap with a bad signature is rejected and has no effect
    Given an opted-in operator who received the opportunity card for "opp-3002"
    When the operator taps "draft" with a <variant> signature
    Then the webhook answer is not 2xx
    And nothing more was sent

    Examples:
      | variant        |
      | missing        |
      | wrong_secret   |
      | sha1_prefix    |
      | tampered       |

  @SIG-003 @MUST @line:T4
  Scenario: An empty body signed correctly causes no crash and no effect
    Given an opted-in operator who received the opportunity card for "opp-3003"
    When an empty body arrives with a valid signature
    Then the webhook answer is not 5xx
    And nothing more was sent

  @SIG-004 @MUST @line:T4 @line:S2
  Scenario Outline: Signatures over escaped bytes are verified on the raw body
    Given an opted-in operator who received the opportunity card for "opp-3004"
    When the operator named "<name>" taps "draft" with a valid signature
    Then the webhook answer is 200
    And the operator received a draft card

    Examples:
      | name                 |
      | عبدالله الشمري       |
      | Sara / Sales @ Riyadh |
      | Nora 😀🚀             |

  @SIG-005 @SHOULD @line:S2
  Scenario Outline: A rejected signature is answered 401 or 403
    Given an opted-in operator who received the opportunity card for "opp-3005"
    When the operator taps "draft" with a <variant> signature
    Then the webhook answer is 401 or 403

    Examples:
      | variant      |
      | missing      |
      | wrong_secret |

  @SIG-006 @SHOULD @line:W1
  Scenario: Accepted notifications are answered within a second
    Given an opted-in operator who received the opportunity card for "opp-3006"
    When the operator taps "draft" with a valid signature
    Then the webhook answered within 1 second
