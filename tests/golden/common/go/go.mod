module example.com/realtimeshapes

go 1.24
