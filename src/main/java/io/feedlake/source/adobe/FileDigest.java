package io.feedlake.source.adobe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What was read of one delivered file, in bytes as delivered (compressed): its MD5, its size, and
 * why its content could not be read to the end, if it could not.
 *
 * @param path the file's path
 * @param md5 32 lower-case hex digits
 * @param bytes bytes read, i.e. the file's size
 * @param readError why decompressing or unpacking failed (e.g. a corrupt gzip stream), or null
 */
public record FileDigest(String path, String md5, long bytes, String readError) implements Serializable {

  /**
   * Computes the MD5 and size of every byte read through it; {@link #finish} reads whatever the
   * consumer left (e.g. after a decompression error or a gzip trailer) so the digest always
   * covers the whole file. Streams: constant memory.
   */
  static final class DigestingInputStream extends FilterInputStream {
    private final MessageDigest md5;
    private long bytes;

    DigestingInputStream(InputStream in) {
      super(in);
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java platform provides MD5", e);
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        md5.update((byte) b);
        bytes++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) {
        md5.update(buf, off, n);
        bytes += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[8192];
      long done = 0;
      while (done < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r < 0) {
          break;
        }
        done += r;
      }
      return done;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /**
     * Reads the rest of the file and closes it.
     *
     * @param path the file's path
     * @param readError why the content could not be read, or null
     * @throws IOException when the file itself cannot be read
     */
    FileDigest finish(String path, String readError) throws IOException {
      transferTo(OutputStream.nullOutputStream());
      in.close();
      StringBuilder hex = new StringBuilder(32);
      for (byte b : md5.digest()) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return new FileDigest(path, hex.toString(), bytes, readError);
    }
  }
}
