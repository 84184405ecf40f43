// module catalog
