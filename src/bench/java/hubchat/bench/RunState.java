package hubchat.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the run's threads share: its options and progress log, the current {@link Phase}, whether
 * the run is settling or closing, how many connections are open, and the error counts. One per
 * run, handed to every part of it.
 */
final class RunState {

    final LoadOptions options;
    final Progress progress;

    /** The phase whose tokens count; replaced by the run between phases. */
    volatile Phase phase = Phase.none();
    /** Set when the run closes its connections: closes from then on are expected. */
    volatile boolean stopping;
    /** While set, every received frame stamps {@link #lastFrame}. */
    volatile boolean settling;
    /** When the last frame arrived while settling ({@link MonoClock#now()}). */
    volatile long lastFrame;
    final AtomicLong liveConnections = new AtomicLong();
    final AtomicLong unexpectedCloses = new AtomicLong();
    final ErrorCounts connectErrors = new ErrorCounts();
    final ErrorCounts closeReasons = new ErrorCounts();
    final ErrorCounts writeErrors = new ErrorCounts();

    RunState(LoadOptions options) {
        this.options = options;
        this.progress = new Progress(options.quiet);
    }
}
