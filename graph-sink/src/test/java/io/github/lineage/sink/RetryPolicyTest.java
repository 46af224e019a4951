package io.github.lineage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.sink.RetryPolicy.Attempts;
import io.github.lineage.sink.RetryPolicy.Decision;
import io.github.lineage.sink.RetryPolicy.ErrorClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

class RetryPolicyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(350));

  private static final RuntimeException UNAVAILABLE =
      new ServiceUnavailableException("connection refused");
  private static final RuntimeException TRANSIENT =
      new TransientException("Neo.TransientError.Transaction.DeadlockDetected", "deadlock");
  private static final RuntimeException OTHER =
      new ClientException("Neo.ClientError.Schema.ConstraintValidationFailed", "no");

  @Test
  void shouldClassifyByTheWholeCauseChainWithAnOutageWinning() {
    assertThat(RetryPolicy.classify(UNAVAILABLE)).isEqualTo(ErrorClass.UNAVAILABLE);
    assertThat(
            RetryPolicy.classify(
                new IllegalStateException("wrapped", new SessionExpiredException("gone"))))
        .isEqualTo(ErrorClass.UNAVAILABLE);
    // ServiceUnavailableException is a RetryableException too: the outage must still be recognised
    // as one.
    assertThat(
            RetryPolicy.classify(
                new TransientException("x", "y", "z", "w", java.util.Map.of(), UNAVAILABLE)))
        .isEqualTo(ErrorClass.UNAVAILABLE);
    assertThat(RetryPolicy.classify(TRANSIENT)).isEqualTo(ErrorClass.TRANSIENT);
    assertThat(RetryPolicy.classify(new RuntimeException("wrapped", TRANSIENT)))
        .isEqualTo(ErrorClass.TRANSIENT);
    assertThat(RetryPolicy.classify(OTHER)).isEqualTo(ErrorClass.OTHER);
    assertThat(RetryPolicy.classify(new IllegalArgumentException("bad")))
        .isEqualTo(ErrorClass.OTHER);
  }

  @Test
  void shouldRetryABatchThroughAnOutageForAsLongAsItLastsWithoutCountingIt() {
    Attempts attempts = Attempts.NONE;
    for (int i = 1; i <= 10; i++) {
      Decision d = POLICY.afterBatchFailure(attempts, UNAVAILABLE);
      assertThat(d.retry()).as("outage failure %d", i).isTrue();
      attempts = d.attempts();
    }
    assertThat(attempts).isEqualTo(new Attempts(10, 0));
    assertThat(POLICY.afterBatchFailure(attempts, UNAVAILABLE).backoff())
        .isEqualTo(Duration.ofMillis(350));
  }

  @Test
  void shouldRetryATransientBatchFailureUpToMaxAttemptsAndThenSplit() {
    Decision first = POLICY.afterBatchFailure(Attempts.NONE, TRANSIENT);
    Decision second = POLICY.afterBatchFailure(first.attempts(), TRANSIENT);
    Decision third = POLICY.afterBatchFailure(second.attempts(), TRANSIENT);
    assertThat(first.retry()).isTrue();
    assertThat(first.backoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(second.retry()).isTrue();
    assertThat(second.backoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(third.retry()).isFalse();
    assertThat(third.attempts().bounded()).isEqualTo(3);
  }

  @Test
  void shouldSplitABatchAtOnceOnAnErrorThatIsNotTransient() {
    Decision d = POLICY.afterBatchFailure(Attempts.NONE, OTHER);
    assertThat(d.retry()).isFalse();
    assertThat(d.error()).isEqualTo(ErrorClass.OTHER);
    assertThat(d.backoff()).isZero();
  }

  @Test
  void shouldRetryADocumentUpToMaxAttemptsWhateverTheErrorThenGiveItUp() {
    for (RuntimeException error : new RuntimeException[] {OTHER, TRANSIENT}) {
      Decision first = POLICY.afterDocumentFailure(Attempts.NONE, error);
      Decision second = POLICY.afterDocumentFailure(first.attempts(), error);
      Decision third = POLICY.afterDocumentFailure(second.attempts(), error);
      assertThat(first.retry()).isTrue();
      assertThat(second.retry()).isTrue();
      assertThat(third.retry())
          .as("%s after maxAttempts", error.getClass().getSimpleName())
          .isFalse();
      assertThat(third.attempts()).isEqualTo(new Attempts(0, 3));
    }
  }

  @Test
  void shouldNotCountADocumentsOutageFailuresAgainstItsAttempts() {
    Decision failed = POLICY.afterDocumentFailure(Attempts.NONE, OTHER);
    Attempts attempts = failed.attempts();
    for (int i = 0; i < 20; i++) {
      Decision d = POLICY.afterDocumentFailure(attempts, UNAVAILABLE);
      assertThat(d.retry()).isTrue();
      attempts = d.attempts();
    }
    Decision second = POLICY.afterDocumentFailure(attempts, OTHER);
    assertThat(second.retry()).isTrue();
    assertThat(second.attempts()).isEqualTo(new Attempts(20, 2));
    assertThat(POLICY.afterDocumentFailure(second.attempts(), OTHER).retry()).isFalse();
  }

  @Test
  void shouldDoubleTheBackoffUpToItsMaximum() {
    assertThat(POLICY.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(POLICY.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(POLICY.backoff(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(POLICY.backoff(1_000)).isEqualTo(Duration.ofMillis(350));
  }

  @Test
  void shouldGiveUpAfterTheFirstFailureWhenOnlyOneAttemptIsAllowed() {
    RetryPolicy once = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    assertThat(once.afterDocumentFailure(Attempts.NONE, OTHER).retry()).isFalse();
    assertThat(once.afterBatchFailure(Attempts.NONE, TRANSIENT).retry()).isFalse();
    assertThat(once.afterBatchFailure(Attempts.NONE, UNAVAILABLE).retry()).isTrue();
  }
}
