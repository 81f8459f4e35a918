package hubchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings s = Settings.defaults();
        assertEquals(16384, s.maxFrameBytes());
        assertEquals(1 << 20, s.sendQueueBytes());
        assertEquals(1000, s.historySize());
        assertEquals(250, s.presenceWindowMillis());
        assertEquals(List.of(), s.allowedOrigins());
    }

    @Test
    void aSystemPropertyOverridesTheEnvironmentVariable() {
        Map<String, String> env = Map.of("CHAT_HISTORY_SIZE", "20", "CHAT_MAX_ROOMS", "7");
        Properties props = new Properties();
        props.setProperty("chat.history.size", "30");
        Settings s = Settings.from(env::get, props);
        assertEquals(30, s.historySize());
        assertEquals(7, s.maxRooms());
    }

    @Test
    void allowedOriginsAreSplitAndNormalized() {
        Settings s = Settings.from(Map.of("CHAT_ALLOWED_ORIGINS", " https://A.example/ ,http://b.example:81,")::get, new Properties());
        assertEquals(List.of("https://a.example", "http://b.example:81"), s.allowedOrigins());
    }

    @Test
    void nonsenseValuesFailAtStartWithTheVariableName() {
        for (String bad : new String[] {"-1", "ten", "1.5", "0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.from(Map.of("CHAT_MAX_FRAME_BYTES", bad)::get, new Properties()));
            assertEquals(true, e.getMessage().contains("CHAT_MAX_FRAME_BYTES"), e.getMessage());
        }
        Settings.from(Map.of("CHAT_PRESENCE_WINDOW_MS", "0")::get, new Properties());
    }
}
