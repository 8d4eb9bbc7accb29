package org.apache.spark.examples;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;

import scala.Tuple2;

/**
 * Counts the words of a text file, like Apache Spark's JavaWordCount example: same class name,
 * same argument (the file, read with Spark so any Spark path works), words split at single
 * spaces, and one "word: count" line per distinct word on stdout.
 */
public final class JavaWordCount {
  private static final Pattern SPACE = Pattern.compile(" ");

  private JavaWordCount() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("Usage: JavaWordCount <file>");
      System.exit(1);
    }
    SparkSession spark = SparkSession.builder().appName("JavaWordCount").getOrCreate();

    JavaPairRDD<String, Integer> counts = spark.read().textFile(args[0]).javaRDD()
        .flatMap(line -> Arrays.asList(SPACE.split(line)).iterator())
        .mapToPair(word -> new Tuple2<>(word, 1))
        .reduceByKey(Integer::sum);

    List<Tuple2<String, Integer>> output = counts.collect();
    for (Tuple2<String, Integer> pair : output) {
      System.out.println(pair._1() + ": " + pair._2());
    }
    spark.stop();
  }
}
