// module server
