#!/usr/bin/env bash
# Regenerates every vector in this folder with tools other than Node (OpenSSL 3, Java 17, jq, xxd).
# Run once from anywhere: bash packages/douyin/test/vectors/generate.sh
# The tests only read the committed outputs; they never need these tools.
# The AES and sha1 outputs are deterministic; the RSA keys and ciphertexts are new at every run.
set -euo pipefail
cd "$(dirname "$0")"

hex_to_base64() { printf '%s' "$1" | xxd -r -p | openssl base64 -A; }

# ---- AES-128-CBC + PKCS#7 with `openssl enc` (pads by default) ------------------------------
AES_KEY_HEX=a0bac8bd8254467a829803f046f0bbe7
AES_IV_HEX=c4623db3a6073382f90e39b39fc41451

aes_vector() { # name plaintext
  local ciphertext
  ciphertext=$(printf '%s' "$2" | openssl enc -aes-128-cbc -K "$AES_KEY_HEX" -iv "$AES_IV_HEX" | openssl base64 -A)
  jq -n --arg name "$1" --arg plaintext "$2" --arg ciphertext "$ciphertext" \
    '{name: $name, plaintext: $plaintext, encryptedData: $ciphertext}'
}

{
  aes_vector "2 bytes" '{}'
  aes_vector "15 bytes" '{"a":"1234567"}'
  aes_vector "16 bytes (a whole block of padding follows)" '{"a":"12345678"}'
  aes_vector "17 bytes" '{"a":"123456789"}'
  aes_vector "32 bytes" '{"a":"123456789012345678901234"}'
  aes_vector "user profile with UTF-8 and a watermark" \
    '{"nickName":"抖音用户","avatarUrl":"https://example.com/a.png","gender":1,"city":"北京","province":"北京","country":"中国","language":"zh_CN","watermark":{"appid":"tt_vector_app","timestamp":1700000000}}'
  aes_vector "phone number with a watermark" \
    '{"phoneNumber":"13800138000","purePhoneNumber":"13800138000","countryCode":"86","watermark":{"appid":"tt_vector_app","timestamp":1700000000}}'
  aes_vector "16 bytes of text that is not JSON" 'hello, not json!'
} | jq -s --arg keyHex "$AES_KEY_HEX" --arg ivHex "$AES_IV_HEX" \
  --arg sessionKey "$(hex_to_base64 "$AES_KEY_HEX")" --arg iv "$(hex_to_base64 "$AES_IV_HEX")" \
  '{tool: "openssl enc -aes-128-cbc", keyHex: $keyHex, ivHex: $ivHex, sessionKey: $sessionKey, iv: $iv, vectors: .}' \
  > aes-openssl.json

# ---- AES/CBC/PKCS5Padding with Java 17's javax.crypto -----------------------------------------
JAVA_OUT=$(mktemp -d)
javac -d "$JAVA_OUT" java/AesPkcs5Vectors.java
java -cp "$JAVA_OUT" AesPkcs5Vectors > aes-java.json
rm -rf "$JAVA_OUT"

# ---- RSA PKCS#1 v1.5 with `openssl genpkey` / `openssl pkeyutl` --------------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-private.pem
openssl pkey -in rsa-private.pem -traditional -out rsa-private-pkcs1.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-other-private.pem

rsa_vector() { # name key-file plaintext
  local ciphertext
  ciphertext=$(printf '%s' "$3" | openssl pkeyutl -encrypt -inkey "$2" -pkeyopt rsa_padding_mode:pkcs1 | openssl base64 -A)
  jq -n --arg name "$1" --arg key "$2" --arg plaintext "$3" --arg ciphertext "$ciphertext" \
    '{name: $name, encryptedWith: $key, plaintext: $plaintext, data: $ciphertext}'
}

PHONE='{"phoneNumber":"13800138000","purePhoneNumber":"13800138000","countryCode":"86","watermark":{"appid":"tt_vector_app","timestamp":1700000000}}'
{
  rsa_vector "phone number" rsa-private.pem "$PHONE"
  rsa_vector "phone number with a numeric country code" rsa-private.pem \
    '{"phoneNumber":"+85261234567","purePhoneNumber":"61234567","countryCode":852,"watermark":{"appid":"tt_vector_app","timestamp":1700000000}}'
  rsa_vector "phone number for another key pair" rsa-other-private.pem "$PHONE"
  rsa_vector "well padded but not JSON" rsa-private.pem 'not json'
} | jq -s '{tool: "openssl pkeyutl -encrypt -pkeyopt rsa_padding_mode:pkcs1", vectors: .}' > rsa-openssl.json

# ---- sha1 signatures with `openssl dgst -sha1` -------------------------------------------------
sha1_hex() { printf '%s' "$1" | openssl dgst -sha1 -r | cut -d' ' -f1; }

RAW_DATA='{"nickName":"抖音用户","avatarUrl":"https://example.com/a.png","gender":1,"city":"","province":"","country":"","language":""}'
SESSION_KEY=$(hex_to_base64 "$AES_KEY_HEX")
WEBHOOK_SECRET=tt_vector_webhook_secret
WEBHOOK_BODY='{"event":"user_subscribe_action","client_key":"tt_vector_app","from_user_id":"openid-vector","to_user_id":"","content":"{\"tpl_id\":\"MSG1\",\"subscribe_action\":1,\"text\":\"订阅\"}"}'
CHALLENGE_BODY='{"event":"verify_webhook","client_key":"tt_vector_app","content":{"challenge":12345}}'
jq -n \
  --arg rawData "$RAW_DATA" --arg sessionKey "$SESSION_KEY" --arg signature "$(sha1_hex "$RAW_DATA$SESSION_KEY")" \
  --arg secret "$WEBHOOK_SECRET" \
  --arg body "$WEBHOOK_BODY" --arg bodySignature "$(sha1_hex "$WEBHOOK_SECRET$WEBHOOK_BODY")" \
  --arg challenge "$CHALLENGE_BODY" --arg challengeSignature "$(sha1_hex "$WEBHOOK_SECRET$CHALLENGE_BODY")" \
  '{tool: "openssl dgst -sha1",
    userInfo: {rawData: $rawData, sessionKey: $sessionKey, signature: $signature},
    webhooks: {secret: $secret, vectors: [
      {name: "user_subscribe_action", rawBody: $body, signature: $bodySignature},
      {name: "verify_webhook", rawBody: $challenge, signature: $challengeSignature}]}}' \
  > sha1-openssl.json
