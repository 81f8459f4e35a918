package hubchat.protocol;

/**
 * A server frame that could not be written because it is not well-formed UTF-16 (see
 * {@link Unicode}). Thrown where frames are made ({@link OutboundFrame}), so such a frame never
 * exists: it is neither stored nor queued for anyone. The message never quotes the frame.
 */
public final class UnencodableFrameException extends IllegalArgumentException {

    public UnencodableFrameException(String message) {
        super(message);
    }
}
