Console.WriteLine("host: to be built");
