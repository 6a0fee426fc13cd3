import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Java profile (test/support/sdk-profiles.ts) with the JDK's own classes, as the official Java
 * SDK uses them: PKCS8EncodedKeySpec for the merchant key, X509EncodedKeySpec for Antom's, SHA256withRSA,
 * URLEncoder/URLDecoder for the signature, the response signature as the third comma item split
 * on '=', verified with the SDK's own client id, and the body written as ISO-8859-1 (Apache's
 * StringEntity default). Usage: java SdkJavaCall.java <sandbox url> <fixtures/keys dir> <Antom public key base64>;
 * prints one line per check.
 */
public class SdkJavaCall {
  static final String CLIENT = "SANDBOX_DEMO_MERCHANT";
  static final String PATH = "/ams/sandbox/api/v1/payments/pay";

  public static void main(String[] args) throws Exception {
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    try {
      rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(read(args[1], "demo-merchant-private-pkcs1.base64"))));
      System.out.println("pkcs1 key: accepted");
    } catch (Exception e) {
      System.out.println("pkcs1 key: " + e.getClass().getSimpleName());
    }
    PrivateKey merchant = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(read(args[1], "demo-merchant-private-pkcs8.base64"))));
    PublicKey antom = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args[2].trim())));
    System.out.println("ascii: " + pay(args[0], merchant, antom, "Jeju green tea set"));
    System.out.println("korean: " + pay(args[0], merchant, antom, "\uC81C\uC8FC \uB179\uCC28"));
  }

  static String pay(String base, PrivateKey merchant, PublicKey antom, String description) throws Exception {
    String time = String.valueOf(System.currentTimeMillis());
    String body = "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"JDK-" + System.nanoTime() + "\","
        + "\"order\":{\"orderAmount\":{\"currency\":\"KRW\",\"value\":\"46000\"},\"referenceOrderId\":\"O-JDK\",\"orderDescription\":\"" + description + "\"},"
        + "\"paymentAmount\":{\"currency\":\"KRW\",\"value\":\"46000\"},\"paymentMethod\":{\"paymentMethodType\":\"CARD\"},"
        + "\"paymentFactor\":{\"isAuthorization\":true},\"paymentRedirectUrl\":\"https://merchant.example/return\",\"env\":{\"terminalType\":\"WEB\"}}";
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(merchant);
    signer.update(("POST " + PATH + "\n" + CLIENT + "." + time + "." + body).getBytes(StandardCharsets.UTF_8));
    String signature = URLEncoder.encode(Base64.getEncoder().encodeToString(signer.sign()), "UTF-8");

    HttpURLConnection connection = (HttpURLConnection) URI.create(base + PATH).toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json; charset=UTF-8");
    connection.setRequestProperty("Request-Time", time);
    connection.setRequestProperty("client-id", CLIENT);
    connection.setRequestProperty("Signature", "algorithm=RSA256,keyVersion=1,signature=" + signature);
    connection.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));
    if (connection.getResponseCode() != 200) return "http " + connection.getResponseCode();
    String answer = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    String[] items = connection.getHeaderField("Signature").split(",");
    String[] pair = items.length < 3 ? new String[0] : items[2].split("=");
    if (pair.length != 2) return "signature not found";
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(antom);
    verifier.update(("POST " + PATH + "\n" + CLIENT + "." + connection.getHeaderField("response-time") + "." + answer).getBytes(StandardCharsets.UTF_8));
    boolean verified = verifier.verify(Base64.getDecoder().decode(URLDecoder.decode(pair[1], "UTF-8")));
    return (verified ? "verified " : "NOT verified ") + answer.replaceAll("(?s).*\"resultCode\":\"([A-Z_]+)\".*", "$1");
  }

  static String read(String dir, String name) throws Exception {
    return Files.readString(Path.of(dir, name)).trim();
  }
}
