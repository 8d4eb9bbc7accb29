package org.apache.spark.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Estimates pi by throwing random points at the unit square, like Apache Spark's SparkPi example:
 * same class name, same argument (the number of slices, default 2), same number of points
 * (100000 per slice) and the same result line on stdout, "Pi is roughly 3.14...".
 *
 * Each task draws its share of the points itself, so even a large slice count needs no big
 * collection in the driver.
 */
public final class SparkPi {
  private SparkPi() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("Spark Pi").getOrCreate();
    int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    // Points 1 .. n-1, as in Apache's example; n is capped so it stays an int.
    int n = (int) Math.min(100000L * slices, Integer.MAX_VALUE);
    long points = n - 1L;

    List<Integer> sliceIds = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) {
      sliceIds.add(i);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long inside = jsc.parallelize(sliceIds, slices).map(slice -> {
      long from = points * slice / slices;
      long to = points * (slice + 1) / slices;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long hits = 0;
      for (long i = from; i < to; i++) {
        double x = random.nextDouble() * 2 - 1;
        double y = random.nextDouble() * 2 - 1;
        if (x * x + y * y <= 1) {
          hits++;
        }
      }
      return hits;
    }).reduce(Long::sum);

    System.out.println("Pi is roughly " + 4.0 * inside / points);
    spark.stop();
  }
}
