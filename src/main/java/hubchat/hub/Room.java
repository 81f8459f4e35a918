package hubchat.hub;

import hubchat.engine.Engine;
import hubchat.protocol.ChatMessage;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.Limits;
import hubchat.protocol.Names;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chat room: its members and nicks, and the order of everything said in it. Events reach a
 * room through its mailbox and run one at a time on the hub's executor, so all state below is
 * confined to whichever thread is draining the mailbox and needs no locks; different rooms
 * drain on different threads.
 *
 * <p>Invariant: nothing here blocks. Sends only queue onto a member's {@link Connection}.
 */
final class Room implements Runnable {
    private static final Logger LOG = Logger.getLogger(Room.class.getName());
    /** Events handled per turn before the thread is handed to other rooms. */
    private static final int EVENTS_PER_TURN = 256;
    /** Recent (nick, cid) pairs remembered so that a message re-sent after a drop is stored once. */
    private static final int REMEMBERED_CIDS = 256;

    private final String name;
    private final ChatHub hub;
    private final Engine engine;
    private final Mailbox mailbox = new Mailbox();

    // Room-thread state.
    private final Set<Member> members = new LinkedHashSet<>();
    private final Map<String, Member> byNick = new HashMap<>();
    private final Presence presence = new Presence();
    private final Map<String, ChatMessage> recentByCid = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChatMessage> eldest) {
            return size() > REMEMBERED_CIDS;
        }
    };
    private long emptySince;
    /** Set once the room is forgotten; later joins go to a new room of the same name. */
    private volatile boolean expired;

    Room(String name, ChatHub hub, Engine engine) {
        this.name = name;
        this.hub = hub;
        this.engine = engine;
        this.emptySince = hub.now();
    }

    String name() {
        return name;
    }

    boolean isExpired() {
        return expired;
    }

    /** Queues an event for this room; never blocks. */
    void submit(Runnable event) {
        mailbox.add(event);
        if (mailbox.claim()) {
            hub.execute(this);
        }
    }

    /** Drains the mailbox for one turn; reschedules itself if more is waiting. */
    @Override
    public void run() {
        for (int i = 0; i < EVENTS_PER_TURN; i++) {
            Runnable event = mailbox.poll();
            if (event == null) {
                break;
            }
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "room " + name + ": event failed", e);
            }
        }
        if (mailbox.release()) {
            hub.execute(this);
        }
    }

    void join(Member m) {
        if (expired) {
            hub.enterRoom(m);
            return;
        }
        if (m.connection().isClosed()) {
            return;
        }
        Optional<String> wanted = Names.cleanNick(m.requestedNick());
        String nick = unique(wanted.orElseGet(Room::guestName), null);
        m.nick(nick);
        members.add(m);
        byNick.put(key(nick), m);

        Optional<List<ChatMessage>> missed = m.since() == null ? Optional.empty() : engine.after(name, m.since());
        List<ChatMessage> history = missed.orElseGet(() -> engine.latest(name, Limits.WELCOME_HISTORY));
        m.connection().send(Frames.welcome(name, nick, memberNames(m), members.size(), history, missed.isPresent()));
        if (m.requestedNick() != null && wanted.isEmpty()) {
            m.connection().send(Frames.error(ErrorCode.BAD_NICK,
                    "nick refused (1 to " + Names.MAX_NICK_LENGTH + " characters, no control characters); you are " + nick));
        }
        announce(() -> presence.joined(nick));
    }

    void leave(Member m) {
        if (expired && m.room() != this) {
            Room current = m.room(); // the join was re-routed to a fresh room after this one expired
            current.submit(() -> current.leave(m));
            return;
        }
        if (!members.remove(m)) {
            return;
        }
        byNick.remove(key(m.nick()));
        announce(() -> presence.left(m.nick()));
        if (members.isEmpty()) {
            emptySince = hub.now();
        }
    }

    /** A frame from a member, already parsed on the reader's thread. */
    void handle(Member m, ClientFrame frame) {
        if (!members.contains(m)) {
            return;
        }
        if (frame instanceof ClientFrame.Post p) {
            post(m, p);
        } else if (frame instanceof ClientFrame.ChangeNick n) {
            rename(m, n.nick());
        } else if (frame instanceof ClientFrame.Typing) {
            toOthers(m, Frames.typing(m.nick()));
        } else if (frame instanceof ClientFrame.HistoryRequest h) {
            m.connection().send(Frames.history(h.before() == null
                    ? engine.latest(name, h.limit())
                    : engine.before(name, h.before(), h.limit())));
        }
    }

    /** Forgets the room if it has been empty for the idle time. */
    void expireIfIdle() {
        if (!expired && members.isEmpty() && hub.now() - emptySince >= hub.settings().roomIdleMillis()) {
            expired = true;
            hub.forget(this);
            engine.forget(name);
        }
    }

    /**
     * Stores and fans out a message. A re-send of a recent one (same nick and cid: the client
     * could not tell whether it arrived before its connection dropped) is only acknowledged.
     */
    private void post(Member sender, ClientFrame.Post p) {
        String cidKey = p.cid() == null ? null : sender.nick() + '\n' + p.cid();
        ChatMessage earlier = cidKey == null ? null : recentByCid.get(cidKey);
        if (earlier != null) {
            sender.connection().send(Frames.message(earlier, p.cid()));
            return;
        }
        ChatMessage message = engine.append(name, sender.nick(), p.text());
        if (cidKey != null) {
            recentByCid.put(cidKey, message);
        }
        OutboundFrame shared = message.frame();
        OutboundFrame own = p.cid() == null ? shared : Frames.message(message, p.cid());
        for (Member m : members) {
            m.connection().send(m == sender ? own : shared);
        }
    }

    private void rename(Member m, String wanted) {
        String old = m.nick();
        if (old.equals(wanted)) {
            return;
        }
        String nick = unique(wanted, m);
        byNick.remove(key(old));
        byNick.put(key(nick), m);
        m.nick(nick);
        presence.renamed(old, nick);
        OutboundFrame frame = Frames.nick(old, nick);
        for (Member each : members) {
            each.connection().send(frame);
        }
    }

    private void toOthers(Member sender, OutboundFrame frame) {
        for (Member m : members) {
            if (m != sender) {
                m.connection().send(frame);
            }
        }
    }

    /** Records a join or leave; the first one of a window schedules the merged frame. */
    private void announce(Runnable change) {
        boolean first = presence.isEmpty();
        change.run();
        if (first && !presence.isEmpty()) {
            hub.schedule(() -> submit(this::flushPresence), hub.settings().presenceWindowMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flushPresence() {
        if (presence.isEmpty()) {
            return;
        }
        OutboundFrame frame = presence.drain(members.size());
        for (Member m : members) {
            m.connection().send(frame);
        }
    }

    /** The requester first, then others, at most {@link Limits#MAX_LISTED_NAMES}. */
    private List<String> memberNames(Member you) {
        List<String> names = new ArrayList<>(Math.min(members.size(), Limits.MAX_LISTED_NAMES));
        names.add(you.nick());
        for (Member m : members) {
            if (names.size() == Limits.MAX_LISTED_NAMES) {
                break;
            }
            if (m != you) {
                names.add(m.nick());
            }
        }
        return names;
    }

    /** {@code wanted}, or {@code wanted-2}, {@code wanted-3}... whichever no one else here uses. */
    private String unique(String wanted, Member self) {
        String candidate = wanted;
        for (int n = 2; isTakenByOther(candidate, self); n++) {
            String suffix = "-" + n;
            int room = Names.MAX_NICK_LENGTH - suffix.length();
            String base = wanted.codePointCount(0, wanted.length()) > room
                    ? wanted.substring(0, wanted.offsetByCodePoints(0, room))
                    : wanted;
            candidate = base + suffix;
        }
        return candidate;
    }

    private boolean isTakenByOther(String nick, Member self) {
        Member holder = byNick.get(key(nick));
        return holder != null && holder != self;
    }

    private static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    private static String guestName() {
        return "guest-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
    }
}
