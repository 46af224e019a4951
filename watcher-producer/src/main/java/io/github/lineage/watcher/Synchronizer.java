package io.github.lineage.watcher;

import io.github.lineage.core.kafka.DeadLetter;
import io.github.lineage.core.kafka.DeadLetterReason;
import io.github.lineage.core.kafka.Json;
import io.github.lineage.core.model.ChangeEvent;
import io.github.lineage.core.model.SourceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the topic in line with the files: for each path asked about, compares what is on disk with
 * the {@link PublishedState} and sends what differs (UPSERT, DELETE or a dead letter). The keys a
 * pass sends are written down before it sends them, the state changes only for sends the broker
 * acknowledged, and it is persisted after each pass, so a crash at any point loses nothing: the
 * next start re-sends whatever was being sent, whether or not the broker had it.
 *
 * <p>Choices worth knowing:
 *
 * <ul>
 *   <li>A file that was published and then turns bad (too large, binary, not UTF-8) is
 *       dead-lettered; no DELETE is sent, so its last good lineage stays in the graph until the
 *       file is fixed or removed. The bad version's sha256 is remembered, so a restart does not
 *       dead-letter the same bytes again.
 *   <li>Symlinks: a link to a file inside the root is published under the link's own path with the
 *       target's content; a link to a directory is not descended into (what it points to inside the
 *       root is published under its real path); a link that resolves outside the root, or nowhere,
 *       is treated as absent (logged, counted in {@code files_skipped_total}, never read). Every
 *       read goes through {@link ConfinedFiles}, which follows no link on the way: a directory
 *       swapped for a link to elsewhere while the watcher runs makes its files absent (DELETEs are
 *       published), never read. A change made to a link's target is seen under the link's path only
 *       at the next full scan (periodic rescan, restart or overflow), because the filesystem
 *       reports it on the target's path.
 *   <li>dbt projects (docs/dbt.md): a file under a directory holding {@code dbt_project.yml} is
 *       published with its project root ({@link ChangeEvent#dbtProject()}), and the files its
 *       models' rendering reads ({@link DbtLayout}) are published besides the glob's; a seed as its
 *       first line. A change to a {@code dbt_project.yml} re-examines its whole directory, since
 *       its folders decide which files are inputs and which files belong to the project. A file
 *       whose project changed (a {@code dbt_project.yml} came or went) is published again, after a
 *       DELETE naming its old project, so that project forgets it.
 * </ul>
 */
final class Synchronizer {

  private static final Logger LOG = LoggerFactory.getLogger(Synchronizer.class);

  private final WatcherConfig config;
  private final PathFilter filter;
  private final TreeScanner scanner;
  private final FileInspector inspector;
  private final ConfinedFiles files;
  private final PublishedState state;
  private final Publisher publisher;
  private final WatcherMetrics metrics;
  private final Clock clock;
  private final String keyPrefix;
  private final Set<String> warnedLinks = new HashSet<>();

  Synchronizer(
      WatcherConfig config,
      PublishedState state,
      Publisher publisher,
      WatcherMetrics metrics,
      Clock clock) {
    this.config = config;
    this.filter = PathFilter.of(config);
    this.scanner = new TreeScanner(config, filter);
    this.inspector = new FileInspector(config.maxFileBytes());
    this.files = new ConfinedFiles(config.root());
    this.state = state;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.keyPrefix = config.source() + ":";
  }

  /** Full scan of the root: every candidate file, and every known key whose file is gone. */
  synchronized SyncReport syncAll() {
    Plan plan = new Plan();
    plan.tree("");
    return commit(plan);
  }

  /** Re-examines the given relative paths (files or directories, existing or not). */
  synchronized SyncReport sync(Collection<String> relativePaths) {
    Plan plan = new Plan();
    for (String rel : relativePaths) {
      plan.path(rel);
    }
    return commit(plan);
  }

  // ---------------------------------------------------------------------------------------------

  /** One send the plan wants; applied to the state only once acknowledged. */
  private sealed interface Action permits Upsert, Delete, Reject {
    String key();

    String path();
  }

  /**
   * {@code leave}, when not null, is sent first: the DELETE of the key in the dbt project it left.
   */
  private record Upsert(String key, String path, ChangeEvent event, ChangeEvent leave)
      implements Action {}

  private record Delete(String key, String path, ChangeEvent event) implements Action {}

  private record Reject(
      String key, String path, DeadLetterReason reason, String sha256, DeadLetter letter)
      implements Action {}

  /** {@code before}: the future of a leave sent ahead of the action, or null. */
  private record Sent(
      Action action, Future<RecordMetadata> before, Future<RecordMetadata> future) {}

  /** The sends of one pass, at most one per key. */
  private final class Plan {
    final Map<String, Action> actions = new LinkedHashMap<>();
    final Set<String> examined = new HashSet<>();

    /** One view of the dbt projects per pass. */
    final DbtProjects dbt = new DbtProjects(files, config.maxFileBytes());

    int unchanged;

    /** A file the pass publishes: the glob's, or an input of a dbt project's rendering. */
    boolean candidate(String rel) {
      if (filter.isCandidate(rel)) {
        return true;
      }
      return !filter.isHidden(rel)
          && dbt.of(rel).map(l -> l.role(rel) != DbtLayout.Role.NONE).orElse(false);
    }

    void path(String rel) {
      if (rel.isEmpty()) {
        tree("");
        return;
      }
      if (filter.isHidden(rel)) {
        return;
      }
      if (rel.equals(DbtLayout.PROJECT_FILE) || rel.endsWith("/" + DbtLayout.PROJECT_FILE)) {
        // It decides which files of its directory are inputs, and of which project: look at them
        // all.
        int slash = rel.lastIndexOf('/');
        tree(slash < 0 ? "" : rel.substring(0, slash));
        return;
      }
      ConfinedFiles.Kind kind = files.kind(rel);
      switch (kind) {
        case DIRECTORY -> {
          // A file replaced by a directory of the same name.
          deleteIfPublished(keyOf(rel), rel);
          tree(rel);
        }
        case ABSENT -> gone(rel);
        case BEHIND_SYMLINK -> {
          // A directory on the way was replaced by a link: what it leads to is not ours.
          skipped(
              rel,
              SkipReason.BEHIND_SYMLINK,
              "{} is reached through a symlinked directory: not read",
              rel);
          gone(rel);
        }
        default -> {
          // A directory replaced by a file or a link of the same name: what was under it is gone.
          goneUnder(rel);
          if (kind == ConfinedFiles.Kind.SYMLINK && !candidate(rel)) {
            linkedDirectory(rel);
          }
          file(rel);
        }
      }
    }

    void tree(String relDir) {
      TreeScanner.Listing listing;
      try {
        listing = scanner.list(config.resolve(relDir), this::candidate);
      } catch (NoSuchFileException e) {
        gone(relDir);
        return;
      } catch (IOException e) {
        LOG.warn("cannot list {} ({}): left as it was", config.resolve(relDir), e.toString());
        return;
      }
      for (String rel : listing.files()) {
        file(rel);
      }
      for (String rel : listing.otherLinks()) {
        linkedDirectory(rel);
      }
      String prefix = relDir.isEmpty() ? "" : relDir + "/";
      for (String key : knownKeys()) {
        String rel = key.substring(keyPrefix.length());
        if (rel.startsWith(prefix) && !listing.files().contains(rel) && listing.covers(rel)) {
          gone(rel);
        }
      }
    }

    void file(String rel) {
      if (!examined.add(rel) || !candidate(rel)) {
        return;
      }
      String key;
      try {
        key = new SourceKey(config.source(), rel).toString();
      } catch (IllegalArgumentException e) {
        reject(
            keyOf(rel),
            rel,
            new Inspection.Rejected(DeadLetterReason.UNSUPPORTED_PATH, e.getMessage(), 0, null));
        return;
      }
      String target = rel;
      ConfinedFiles.Kind kind = files.kind(rel);
      if (kind == ConfinedFiles.Kind.SYMLINK) {
        target = resolveLink(rel);
        if (target == null) {
          gone(rel);
          return;
        }
      } else if (kind == ConfinedFiles.Kind.BEHIND_SYMLINK) {
        skipped(
            rel,
            SkipReason.BEHIND_SYMLINK,
            "{} is reached through a symlinked directory: not read",
            rel);
        gone(rel);
        return;
      } else if (kind != ConfinedFiles.Kind.FILE) {
        gone(rel);
        return;
      }
      java.util.Optional<DbtLayout> layout = dbt.of(rel);
      String project = layout.map(DbtLayout::root).orElse(null);
      boolean seed = layout.map(l -> l.role(rel) == DbtLayout.Role.SEED).orElse(false);
      Inspection inspection;
      try (ConfinedFiles.Opened opened = files.open(target)) {
        inspection = seed ? inspector.inspectFirstLine(opened) : inspector.inspect(opened);
      } catch (ConfinedFiles.LinkOnPathException e) {
        // Swapped for a link between the look and the open: never read through it.
        skipped(rel, SkipReason.BEHIND_SYMLINK, "{} was not read: {}", rel, e.getReason());
        gone(rel);
        return;
      } catch (NoSuchFileException e) {
        gone(rel);
        return;
      } catch (IOException e) {
        inspection =
            new Inspection.Rejected(DeadLetterReason.UNREADABLE, "cannot read: " + e, 0, null);
      }
      if (inspection instanceof Inspection.Accepted accepted) {
        String before = state.project(key).orElse(null);
        if (state.published(key).filter(accepted.sha256()::equals).isPresent()
            && Objects.equals(before, project)) {
          unchanged++;
          state.clearRejected(key);
          return;
        }
        ChangeEvent event =
            ChangeEvent.upsert(
                    config.source(),
                    rel,
                    accepted.sha256(),
                    accepted.size(),
                    accepted.modifiedAt(),
                    accepted.content(),
                    clock.instant())
                .withDbtProject(project);
        ChangeEvent leave =
            before == null || before.equals(project) || state.published(key).isEmpty()
                ? null
                : ChangeEvent.delete(config.source(), rel, clock.instant()).withDbtProject(before);
        actions.put(key, new Upsert(key, rel, event, leave));
      } else {
        Inspection.Rejected rejected = (Inspection.Rejected) inspection;
        if (rejected.sha256() != null
            && state.rejected(key).filter(rejected.sha256()::equals).isPresent()) {
          LOG.debug(
              "{} is still the version dead-lettered before ({})", rel, rejected.reason().code());
          return;
        }
        reject(key, rel, rejected);
      }
    }

    /**
     * The relative path of the link's real target if it is a regular file inside the root, else
     * null (and a warning, once). The target is then opened through {@link ConfinedFiles}, so a
     * link swapped in on its way after this look is not followed either.
     */
    private String resolveLink(String rel) {
      Path link = config.resolve(rel);
      try {
        Path real = link.toRealPath();
        if (!real.startsWith(config.root()) || real.equals(config.root())) {
          skipped(
              rel,
              SkipReason.SYMLINK_OUTSIDE_ROOT,
              "{} is a symlink to {}, outside the watched root: not followed",
              rel,
              real);
          return null;
        }
        String targetRel = config.relativize(real);
        if (files.kind(targetRel) != ConfinedFiles.Kind.FILE) {
          return null;
        }
        return targetRel;
      } catch (IOException e) {
        skipped(
            rel,
            SkipReason.DANGLING_SYMLINK,
            "{} is a dangling symlink ({}): treated as absent",
            rel,
            e.toString());
        return null;
      }
    }

    /**
     * A symlink that is not a candidate file (a link to a directory): said once if it leads
     * outside.
     */
    private void linkedDirectory(String rel) {
      try {
        Path real = config.resolve(rel).toRealPath();
        if (!real.startsWith(config.root())) {
          skipped(
              rel,
              SkipReason.SYMLINK_OUTSIDE_ROOT,
              "{} is a symlink to {}, outside the watched root: not followed",
              rel,
              real);
        }
      } catch (IOException e) {
        LOG.debug("{} is a dangling symlink ({})", rel, e.toString());
      }
    }

    void gone(String rel) {
      String key = keyOf(rel);
      deleteIfPublished(key, rel);
      state.clearRejected(key);
      goneUnder(rel);
    }

    /** Every known file under {@code rel} as a directory is gone. */
    void goneUnder(String rel) {
      String under = keyOf(rel) + "/";
      for (String known : knownKeys()) {
        if (known.startsWith(under)) {
          deleteIfPublished(known, known.substring(keyPrefix.length()));
          state.clearRejected(known);
        }
      }
    }

    private void deleteIfPublished(String key, String rel) {
      if (state.published(key).isPresent() && !actions.containsKey(key)) {
        // A file of a dbt project is deleted in the project it was published in.
        ChangeEvent delete =
            ChangeEvent.delete(config.source(), rel, clock.instant())
                .withDbtProject(state.project(key).orElse(null));
        actions.put(key, new Delete(key, rel, delete));
      }
    }

    void reject(String key, String rel, Inspection.Rejected rejected) {
      actions.put(
          key,
          new Reject(
              key, rel, rejected.reason(), rejected.sha256(), deadLetter(key, rel, rejected)));
    }
  }

  private DeadLetter deadLetter(String key, String rel, Inspection.Rejected rejected) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("source", config.source());
    description.put("path", rel);
    description.put("size", rejected.size());
    description.put("sha256", rejected.sha256());
    description.put("reason", rejected.reason().code());
    description.put("message", rejected.message());
    byte[] value;
    try {
      value = Json.MAPPER.writeValueAsBytes(description);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a dead-letter description", e);
    }
    return DeadLetter.rejected(
        DeadLetter.Stage.WATCHER,
        key.getBytes(StandardCharsets.UTF_8),
        value,
        rejected.reason(),
        rejected.message());
  }

  private SyncReport commit(Plan plan) {
    int[] counts = new int[4]; // upserts, deletes, rejected, failed
    Set<String> retry = new LinkedHashSet<>();
    List<Action> round = new ArrayList<>(plan.actions.values());
    if (!announce(round, counts, retry)) {
      round = List.of();
    }
    // At most two rounds: an UPSERT the broker refuses as too large comes back as a dead letter.
    for (int attempt = 0; attempt < 2 && !round.isEmpty(); attempt++) {
      List<Action> next = new ArrayList<>();
      for (Sent sent : sendAll(round, counts, retry)) {
        try {
          if (sent.before() != null) {
            sent.before().get();
          }
          sent.future().get();
          apply(sent.action(), counts);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          if (cause instanceof RecordTooLargeException && sent.action() instanceof Upsert upsert) {
            ChangeEvent event = upsert.event();
            next.add(tooLargeForBroker(upsert, event, cause));
          } else {
            failed(sent.action(), cause, counts, retry);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed(sent.action(), e, counts, retry);
        }
      }
      round = next;
    }
    try {
      state.persist();
    } catch (IOException e) {
      LOG.error(
          "cannot persist watcher state {} ({}): will retry after the next change",
          state.file(),
          e.toString());
    }
    SyncReport report =
        new SyncReport(counts[0], counts[1], plan.unchanged, counts[2], counts[3], retry);
    for (int i = 0; i < plan.unchanged; i++) {
      metrics.unchanged();
    }
    if (!report.isEmpty()) {
      LOG.info(
          "published {} upserts, {} deletes, {} dead letters; {} unchanged, {} failed",
          report.upserts(),
          report.deletes(),
          report.rejected(),
          report.unchanged(),
          report.failed());
    }
    return report;
  }

  /**
   * Writes the intent of the changes about to be sent (see {@link PublishedState#intend}); false,
   * with every action counted as failed, when it cannot be written: sending without it could leave
   * a file in the graph after its deletion, should the process die before the state is persisted.
   */
  private boolean announce(List<Action> actions, int[] counts, Set<String> retry) {
    List<String> keys = new ArrayList<>();
    for (Action action : actions) {
      if (!(action instanceof Reject)) {
        keys.add(action.key());
      }
    }
    try {
      state.intend(keys);
      return true;
    } catch (IOException e) {
      LOG.error(
          "cannot write the watcher's intent beside {} ({}): nothing sent, will retry",
          state.file(),
          e.toString());
      for (Action action : actions) {
        counts[3]++;
        retry.add(action.path());
      }
      return false;
    }
  }

  private Reject tooLargeForBroker(Upsert upsert, ChangeEvent event, Throwable cause) {
    Inspection.Rejected rejected =
        new Inspection.Rejected(
            DeadLetterReason.TOO_LARGE,
            "the broker refused the change event (" + cause.getMessage() + ")",
            event.size(),
            event.sha256());
    return new Reject(
        upsert.key(),
        upsert.path(),
        DeadLetterReason.TOO_LARGE,
        event.sha256(),
        deadLetter(upsert.key(), upsert.path(), rejected));
  }

  private List<Sent> sendAll(List<Action> actions, int[] counts, Set<String> retry) {
    List<Sent> sent = new ArrayList<>(actions.size());
    for (Action action : actions) {
      try {
        Future<RecordMetadata> future;
        Future<RecordMetadata> before = null;
        if (action instanceof Upsert u) {
          // Same key, same partition, idempotent producer: the leave is on the topic before the
          // upsert.
          before = u.leave() == null ? null : publisher.send(u.leave());
          future = publisher.send(u.event());
        } else if (action instanceof Delete d) {
          future = publisher.send(d.event());
        } else {
          future = publisher.send(((Reject) action).letter());
        }
        sent.add(new Sent(action, before, future));
      } catch (KafkaException | IllegalStateException e) {
        failed(action, e, counts, retry);
      }
    }
    publisher.flush();
    return sent;
  }

  private void apply(Action action, int[] counts) {
    if (action instanceof Upsert u) {
      state.markPublished(u.key(), u.event().sha256(), u.event().dbtProject());
      metrics.published();
      counts[0]++;
      LOG.debug("UPSERT {} sha256={}", u.key(), u.event().sha256());
    } else if (action instanceof Delete d) {
      state.markDeleted(d.key());
      metrics.published();
      counts[1]++;
      LOG.debug("DELETE {}", d.key());
    } else if (action instanceof Reject r) {
      state.markRejected(r.key(), r.sha256());
      metrics.rejected(r.reason());
      counts[2]++;
      LOG.warn("dead-lettered {}: {} ({})", r.key(), r.reason().code(), r.letter().errorMessage());
    }
  }

  private void failed(Action action, Throwable error, int[] counts, Set<String> retry) {
    if (!(action instanceof Reject)) {
      // A send that timed out may still have been written.
      state.markInDoubt(action.key());
    }
    counts[3]++;
    retry.add(action.path());
    LOG.error(
        "could not publish {} ({}): will retry",
        action.key(),
        Objects.toString(error.getMessage(), error.toString()));
  }

  private Set<String> knownKeys() {
    Set<String> keys = new LinkedHashSet<>(state.publishedKeys());
    keys.addAll(state.rejectedKeys());
    return keys;
  }

  private String keyOf(String rel) {
    return keyPrefix + rel;
  }

  /**
   * Logs and counts a path not read because of a symlink, once per path and reason (rescans see it
   * again).
   */
  private void skipped(String rel, SkipReason reason, String format, Object... args) {
    if (warnedLinks.add(reason.code() + ":" + rel)) {
      LOG.warn(format, args);
      metrics.skipped(reason);
    } else {
      LOG.debug(format, args);
    }
  }
}
