package hubchat.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import hubchat.config.Setting;
import hubchat.endpoint.TyrusChatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole path a client's frames take: the handshake
 * query, then text frames through the real endpoint on a real WebSocket server (Tyrus, with
 * Weld), parsed and checked, handled by the room, stored by the engine, encoded and written to
 * real sessions, the sender's and another member's. Each input is one client's visit
 * ({@link Script}, played by {@link Visit}): no input may make the server throw or log trouble,
 * send a frame that is not a documented, well-formed one, close anyone it has no reason to
 * close, or leave a connection, member or room behind.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs under
 * {@code src/test/resources/hubchat/fuzz/FrameFuzzTestInputs/} once each (seeds and past
 * findings); with it, Jazzer fuzzes for {@code maxDuration} (or {@code JAZZER_MAX_DURATION}).
 * {@code ./mvnw verify} does the latter for the bounded time below; README.md says how to run
 * longer and where findings land.
 *
 * <p>Inputs share one room, as clients do: a visit meets the history, held seats and cid memory
 * that earlier ones left, so a finding may need the inputs before it to show again; the
 * regression run replays them all, in order.
 */
class FrameFuzzTest {
    /** Small, so that inputs reach it: a frame over it is closed with 1009. */
    private static final int MAX_FRAME_BYTES = 2048;
    /** Small, so that a repeating input can flood (1008). */
    private static final int MAX_PENDING_FRAMES = 16;
    /** Small, so that an input of many bad frames is closed for them (1008 bad_frames). */
    private static final int MAX_REFUSED_FRAMES = 16;
    /**
     * Small histories: a client that reads as fast as it can is then never near its send limit,
     * however many history pages an input asks for.
     */
    private static final int HISTORY_SIZE = 64;
    private static final int HISTORY_BYTES = 8192;
    /** Short, so that presence frames of one visit mostly come within it. */
    private static final int PRESENCE_WINDOW_MS = 20;

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(
            Setting.MAX_FRAME_BYTES, MAX_FRAME_BYTES,
            Setting.MAX_PENDING_FRAMES, MAX_PENDING_FRAMES,
            Setting.MAX_REFUSED_FRAMES, MAX_REFUSED_FRAMES,
            Setting.HISTORY_SIZE, HISTORY_SIZE,
            Setting.HISTORY_BYTES, HISTORY_BYTES,
            Setting.PRESENCE_WINDOW_MS, PRESENCE_WINDOW_MS,
            // a visitor whose connection drops is gone as its visit ends, where what it left
            // behind is checked; the leave grace (which keeps it listed a while) is LeaveGraceTest's
            Setting.LEAVE_GRACE_SECONDS, 0).rateLimitsOff();

    private static Stage stage;

    @BeforeAll
    static void enter() throws Exception {
        stage = Stage.open(SERVER);
    }

    @AfterAll
    static void leave() {
        stage.close();
    }

    /** Tokens the mutations insert: the protocol's names, escapes of lone surrogates, bad query bytes. */
    @DictionaryEntries({"{\"type\":", "\"message\"", "\"nick\"", "\"typing\"", "\"history\"", "\"text\":",
        "\"cid\":", "\"before\":", "\"limit\":", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\\"",
        "null", "1e400", "%ED%A0%80", "%C3%28", "%F0%9F%98%80", "nick=", "since=", "resume=", "\u202E",
        "\uD83D\uDE00"})
    @FuzzTest(maxDuration = "25s")
    void noVisitHurtsTheRoomOrLeavesAnythingBehind(FuzzedDataProvider data) throws Exception {
        // Jazzer's SSRF detector stops any connection not allowed here: the clients talk to this server only.
        try (SilentCloseable onlyThisServer = BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("localhost") && port == SERVER.port())) {
            new Visit(Script.read(FuzzInput.of(data)), stage).play();
        }
    }
}
