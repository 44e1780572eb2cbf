DROP TABLE ratings;
DROP TABLE assessments;
