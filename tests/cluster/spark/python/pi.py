"""Estimates pi with PySpark, like Apache Spark's examples/src/main/python/pi.py.

Usage: pi.py [partitions]   (default 2; 100000 random points per partition)
Prints "Pi is roughly 3.14...." on stdout.
"""
import sys
from operator import add
from random import random

from pyspark.sql import SparkSession


def inside(_: int) -> int:
    """1 if a random point of the square [-1, 1]^2 falls in the unit circle, else 0."""
    x = random() * 2 - 1
    y = random() * 2 - 1
    return 1 if x * x + y * y <= 1 else 0


def main() -> None:
    spark = SparkSession.builder.appName("PythonPi").getOrCreate()
    partitions = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    n = 100000 * partitions
    count = spark.sparkContext.parallelize(range(1, n + 1), partitions).map(inside).reduce(add)
    print("Pi is roughly %f" % (4.0 * count / n))
    spark.stop()


if __name__ == "__main__":
    main()
