import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints AES-128-CBC vectors made by Java's "AES/CBC/PKCS5Padding" (what many Douyin server
 * samples use) as JSON. Plaintexts are given in base64 so the output needs no JSON escaping.
 * Run: javac -d OUT AesPkcs5Vectors.java && java -cp OUT AesPkcs5Vectors > ../aes-java.json
 */
public final class AesPkcs5Vectors {
  private static final byte[] KEY = hex("988a09b8ae48823998b1538255d04410");
  private static final byte[] IV = hex("3cceb07856aef777444e5c992cca54f7");

  private static final String[][] PLAINTEXTS = {
    {"16 bytes", "{\"a\":\"12345678\"}"},
    {"32 bytes", "{\"a\":\"123456789012345678901234\"}"},
    {"user profile with UTF-8 and a watermark",
      "{\"nickName\":\"小明\",\"gender\":2,\"city\":\"上海\",\"watermark\":{\"appid\":\"tt_vector_app\",\"timestamp\":1700000100}}"},
    {"phone number with a foreign watermark",
      "{\"phoneNumber\":\"13900139000\",\"purePhoneNumber\":\"13900139000\",\"countryCode\":\"86\",\"watermark\":{\"appid\":\"tt_other_app\",\"timestamp\":1700000100}}"},
  };

  public static void main(String[] args) throws Exception {
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder out = new StringBuilder();
    out.append("{\n  \"tool\": \"Java 17 javax.crypto AES/CBC/PKCS5Padding\",\n");
    out.append("  \"sessionKey\": \"").append(base64.encodeToString(KEY)).append("\",\n");
    out.append("  \"iv\": \"").append(base64.encodeToString(IV)).append("\",\n");
    out.append("  \"vectors\": [\n");
    for (int i = 0; i < PLAINTEXTS.length; i++) {
      byte[] plain = PLAINTEXTS[i][1].getBytes(StandardCharsets.UTF_8);
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
      byte[] encrypted = cipher.doFinal(plain);
      out.append("    {\n");
      out.append("      \"name\": \"").append(PLAINTEXTS[i][0]).append("\",\n");
      out.append("      \"plaintextBase64\": \"").append(base64.encodeToString(plain)).append("\",\n");
      out.append("      \"encryptedData\": \"").append(base64.encodeToString(encrypted)).append("\"\n");
      out.append(i == PLAINTEXTS.length - 1 ? "    }\n" : "    },\n");
    }
    out.append("  ]\n}\n");
    System.out.print(out);
  }

  private static byte[] hex(String text) {
    byte[] bytes = new byte[text.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
