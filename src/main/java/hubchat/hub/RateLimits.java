package hubchat.hub;

import hubchat.config.Settings;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.Disconnect;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.Limits;

/**
 * One connection's rate limits: a {@link TokenBucket} for each kind of frame (messages, history
 * requests costed by the messages they may return, nick changes, typing frames), and the rule
 * for sustained abuse. A frame over its limit is refused with an {@code error rate_limited}
 * saying when to send it again, and nothing of it is done. A frame that does not parse or breaks
 * a rule (answered with another {@code error}) is a refusal too, so a client cannot make the
 * server parse and answer garbage without end. More than {@code CHAT_MAX_REFUSED_FRAMES}
 * refusals of both kinds within {@link Limits#REFUSAL_WINDOW_MILLIS} close the connection with
 * 1008 ({@code rate_limited}, or {@code bad_frames} if the last one was malformed), and its later
 * frames are dropped unanswered.
 *
 * <p>Every connection gets full buckets, so a page re-sending its waiting messages after a
 * reconnect has its whole burst. Used on its room's thread only (in the room's turn), so no
 * locks; a member belongs to one room at a time.
 */
final class RateLimits {
    private final TokenBucket messages;
    private final TokenBucket history;
    private final TokenBucket nicks;
    private final TokenBucket typing;
    /** Refusals allowed within the window; 0: abuse never closes. */
    private final int maxRefused;
    /** Times of the latest refusals, a ring of {@code maxRefused}; made at the first refusal. */
    private long[] refusedAt;
    private long refusals;
    private boolean closed;

    private RateLimits(TokenBucket messages, TokenBucket history, TokenBucket nicks, TokenBucket typing, int maxRefused) {
        this.messages = messages;
        this.history = history;
        this.nicks = nicks;
        this.typing = typing;
        this.maxRefused = maxRefused;
    }

    /** Full buckets for a new connection, as {@code settings} set them (0: that limit is off). */
    static RateLimits of(Settings settings, long now) {
        return new RateLimits(
                TokenBucket.perSecond(settings.messageRate(), settings.messageBurst(), now),
                TokenBucket.perSecond(settings.historyRate(), settings.historyBurst(), now),
                TokenBucket.perMinute(settings.nickChangesPerMinute(), settings.nickBurst(), now),
                TokenBucket.perSecond(settings.typingRate(), settings.typingBurst(), now),
                settings.maxRefusedFrames());
    }

    /** No limits at all. */
    static RateLimits off() {
        TokenBucket none = TokenBucket.UNLIMITED;
        return new RateLimits(none, none, none, none, 0);
    }

    /**
     * Whether {@code m} may have {@code frame} handled at {@code now}, taking its cost if so. If
     * not, {@code m} is told so through {@code turns} (with the message's cid), or, for sustained
     * abuse, closed; a closed connection's frames are dropped without a word.
     */
    boolean admit(Member m, ClientFrame frame, long now, Turns turns) {
        if (closed) {
            return false;
        }
        Cost cost = new Cost();
        frame.dispatch(cost, this);
        long retryAfter = cost.bucket.take(cost.tokens, now);
        if (retryAfter == 0) {
            return true;
        }
        if (abusive(now)) {
            closed = true;
            m.connection().close(Disconnect.RATE_LIMITED);
        } else {
            turns.sendError(m, ErrorCode.RATE_LIMITED, Frames.rateLimited(retryAfter, cost.cid));
        }
        return false;
    }

    /**
     * {@code m} sent a frame that is refused for what it is (malformed, or against a rule), at
     * {@code now}: true if it is to be answered with its error, false if that refusal was one too
     * many and closed {@code m} (or {@code m} was closed so already).
     */
    boolean malformed(Member m, long now) {
        if (closed) {
            return false;
        }
        if (abusive(now)) {
            closed = true;
            m.connection().close(Disconnect.BAD_FRAMES);
            return false;
        }
        return true;
    }

    /** Counts a refusal at {@code now}: true if it is one more than allowed within the window. */
    private boolean abusive(long now) {
        if (maxRefused == 0) {
            return false;
        }
        if (refusedAt == null) {
            refusedAt = new long[maxRefused];
        }
        int slot = (int) (refusals % refusedAt.length);
        boolean tooMany = refusals >= refusedAt.length && now - refusedAt[slot] < Limits.REFUSAL_WINDOW_MILLIS;
        refusedAt[slot] = now;
        refusals++;
        return tooMany;
    }

    /**
     * What a frame costs, and from which bucket. A handler, so that a new kind of frame does not
     * compile until it has a limit.
     */
    private static final class Cost implements ClientFrame.Handler<RateLimits> {
        private TokenBucket bucket;
        private int tokens = 1;
        private String cid;

        @Override
        public void post(RateLimits limits, ClientFrame.Post post) {
            bucket = limits.messages;
            cid = post.cid();
        }

        @Override
        public void changeNick(RateLimits limits, ClientFrame.ChangeNick change) {
            bucket = limits.nicks;
        }

        @Override
        public void typing(RateLimits limits, ClientFrame.Typing typing) {
            bucket = limits.typing;
        }

        @Override
        public void history(RateLimits limits, ClientFrame.HistoryRequest request) {
            bucket = limits.history;
            tokens = request.limit(); // what the answer may hold: a full page costs the most
        }
    }
}
