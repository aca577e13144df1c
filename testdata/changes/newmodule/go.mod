module example.com/hello

go 1.18

require example.com/extra v0.0.0

replace example.com/extra => ./extra
